import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { graphqlStub, TEST_TOKEN, type Answer } from "../../test/graphql-stub";
import { SubmitAgain } from "./SubmitAgain";

const submitted = { data: { submitDeliverable: { post: { id: "post_1", status: "PUBLISHED", deliverable: null }, errors: [] } } };

function renderButton(unchanged: boolean | null, answers: Record<string, Answer>) {
  const stub = graphqlStub(answers);
  const onSubmitted = vi.fn();
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <SubmitAgain postId="post_1" campaignId="cmp_1" unchanged={unchanged} onSubmitted={onSubmitted} />
    </Provider>,
  );
  return { sent: stub.sent, onSubmitted };
}

describe("SubmitAgain", () => {
  it("says nothing changed and sends the same post only when asked to", async () => {
    const { sent, onSubmitted } = renderButton(true, { SubmitDeliverable: submitted });
    expect(screen.getByText(/Nothing has changed since the brand sent this back/)).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Submit again" }));
    expect(sent).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Submit it unchanged" }));
    expect(sent[0]?.variables).toEqual({ postId: "post_1", campaignId: "cmp_1", allowUnchanged: true });
    expect(onSubmitted).toHaveBeenCalledOnce();
  });

  it("sends an edited post straight away, and asks when the server finds it unchanged", async () => {
    const { sent, onSubmitted } = renderButton(false, {
      SubmitDeliverable: {
        data: { submitDeliverable: { post: null, errors: [{ field: "postId", code: "UNCHANGED", message: "Nothing changed." }] } },
      },
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Submit again" }));
    expect(sent[0]?.variables).toEqual({ postId: "post_1", campaignId: "cmp_1" });
    expect((await screen.findByRole("alert")).textContent).toMatch(/Nothing has changed/);
    expect(screen.getByRole("button", { name: "Submit it unchanged" })).toBeTruthy();
    expect(onSubmitted).not.toHaveBeenCalled();
  });
});
