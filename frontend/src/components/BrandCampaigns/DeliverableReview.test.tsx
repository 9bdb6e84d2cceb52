import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";

import type { Campaign } from "../../lib/graphql/commerce";
import { createGraphqlClient } from "../../lib/graphql/client";
import type { DeliverableStatus, ReviewPost } from "../../lib/graphql/posts";
import { graphqlStub, TEST_TOKEN, type Answer } from "../../test/graphql-stub";
import { DeliverableReview } from "./DeliverableReview";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });

const campaign: Campaign = {
  id: "cmp_1",
  brandId: "usr_brand",
  name: "Linen Week",
  brief: "",
  markets: ["US"],
  productIds: [],
  startsAt: "2026-06-01T00:00:00Z",
  endsAt: "2026-07-01T00:00:00Z",
  budget: usd(100_000),
  spent: usd(0),
  remaining: usd(100_000),
  budgetExhausted: false,
  commissionRule: { kind: "FIXED_FEE", basisPoints: null, amount: usd(5000) },
  attributionWindowDays: 7,
  returnWindowDays: 30,
  attributionModel: "LAST_CLICK",
  status: "ACTIVE",
  createdAt: "2026-05-20T00:00:00Z",
};

function post(id: string, caption: string, status: DeliverableStatus, extra: Partial<NonNullable<ReviewPost["deliverable"]>> = {}): ReviewPost {
  return {
    id,
    caption,
    status: "PUBLISHED",
    createdAt: "2026-06-02T10:00:00Z",
    publishedAt: "2026-06-02T10:00:05Z",
    author: { id: "usr_kol", displayName: "Lena Style", avatarUrl: null, role: "INFLUENCER" },
    images: [{ width: 900, height: 1200, blurhash: "LKO2?U%2Tw=w]~RBVZRi};RPxuwH", thumb: "/media/p/thumb.webp" }],
    imageCount: 1,
    deliverable: { status, submittedAt: "2026-06-02T10:00:00Z", decidedAt: null, reason: null, fee: null, campaign: { id: "cmp_1", name: "Linen Week", status: "ACTIVE" }, submissionNumber: 1, unchangedSinceRejection: null, changes: null, ...extra },
  };
}

function page(nodes: ReviewPost[]) {
  return { data: { campaign: { id: "cmp_1", deliverables: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } } } };
}

function renderReview(answers: Record<string, Answer>) {
  const stub = graphqlStub(answers);
  const onDecided = vi.fn();
  render(
    <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
      <MemoryRouter initialEntries={["/brand/campaigns/cmp_1"]}>
        <DeliverableReview campaign={campaign} onDecided={onDecided} />
      </MemoryRouter>
    </Provider>,
  );
  return { sent: stub.sent, onDecided };
}

describe("DeliverableReview", () => {
  it("lists submitted posts first, approves one and reads the list again", async () => {
    let approved = false;
    const { sent, onDecided } = renderReview({
      CampaignDeliverables: (variables: Record<string, unknown>) => {
        if (variables["status"] === "SUBMITTED") return page(approved ? [] : [post("post_1", "Linen at noon", "SUBMITTED")]);
        return page([post("post_1", "Linen at noon", "APPROVED", { fee: usd(5000), decidedAt: "2026-06-03T09:00:00Z" })]);
      },
      ApproveDeliverable: () => {
        approved = true;
        return { data: { approveDeliverable: { post: { id: "post_1", status: "PUBLISHED", deliverable: null }, errors: [] } } };
      },
    });
    const user = userEvent.setup();
    const card = await screen.findByRole("article", { name: "Lena Style" });
    expect(within(card).getByText("Approving pays $50.00")).toBeTruthy();
    expect(within(card).getByRole("link", { name: "Open Lena Style's post" }).getAttribute("href")).toBe("/feed/posts/post_1");

    await user.click(within(card).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("Nothing waiting for review")).toBeTruthy();
    expect(sent.find((r) => r.operationName === "ApproveDeliverable")?.variables).toEqual({ postId: "post_1" });
    expect(onDecided).toHaveBeenCalledOnce();

    await user.click(screen.getByRole("radio", { name: "Approved" }));
    const done = await screen.findByRole("article", { name: "Lena Style" });
    expect(within(done).getByText("Fee $50.00")).toBeTruthy();
    expect(within(done).queryByRole("button", { name: "Approve" })).toBeNull();
    expect(sent.filter((r) => r.operationName === "CampaignDeliverables").map((r) => r.variables["status"])).toEqual(["SUBMITTED", "SUBMITTED", "APPROVED"]);
  });

  it("asks for a reason before sending a post back, and shows the server's field error beside it", async () => {
    const { sent, onDecided } = renderReview({
      CampaignDeliverables: page([post("post_2", "Denim day", "SUBMITTED")]),
      RejectDeliverable: {
        data: { rejectDeliverable: { post: null, errors: [{ field: "reason", code: "TOO_LONG", message: "Keep the reason under 500 characters." }] } },
      },
    });
    const user = userEvent.setup();
    const card = await screen.findByRole("article", { name: "Lena Style" });
    await user.click(within(card).getByRole("button", { name: "Reject" }));
    await user.click(within(card).getByRole("button", { name: "Send back" }));
    expect(within(card).getByText("Tell Lena Style what to change.")).toBeTruthy();
    expect(sent.some((r) => r.operationName === "RejectDeliverable")).toBe(false);

    await user.type(within(card).getByLabelText("What should change?"), "Show the label");
    await user.click(within(card).getByRole("button", { name: "Send back" }));
    expect(await within(card).findByText("Keep the reason under 500 characters.")).toBeTruthy();
    expect(sent.find((r) => r.operationName === "RejectDeliverable")?.variables).toEqual({ postId: "post_2", reason: "Show the label" });
    expect(onDecided).not.toHaveBeenCalled();
  });

  it("shows what changed in a post submitted again: the reason, the caption words and the tags", async () => {
    const changes = {
      sinceNumber: 1,
      reason: "Show the shorts too.",
      caption: [
        { kind: "SAME" as const, text: "Linen " },
        { kind: "ADDED" as const, text: "tee with shorts " },
        { kind: "REMOVED" as const, text: "at noon " },
        { kind: "SAME" as const, text: "#linen" },
      ],
      captionChanged: true,
      wordsAdded: 3,
      wordsRemoved: 2,
      hashtagsAdded: [],
      hashtagsRemoved: ["noon"],
      productsAdded: [{ id: "prd_shorts", title: "Linen shorts" }],
      productsRemoved: [],
      unchanged: false,
    };
    renderReview({ CampaignDeliverables: page([post("post_4", "Linen tee with shorts #linen", "SUBMITTED", { submissionNumber: 2, changes })]) });
    const card = await screen.findByRole("article", { name: "Lena Style" });
    const region = within(card).getByRole("region", { name: "Changes since it was sent back" });
    expect(within(region).getByText("2nd submission")).toBeTruthy();
    expect(within(region).getByText("Sent back because: Show the shorts too.")).toBeTruthy();
    expect(within(region).getByLabelText("added: tee with shorts").tagName).toBe("INS");
    expect(within(region).getByLabelText("removed: at noon").tagName).toBe("DEL");
    expect(within(region).getByText("− #noon")).toBeTruthy();
    expect(within(region).getByText("Tagged Linen shorts")).toBeTruthy();
  });

  it("shows a request that failed as an alert on the card", async () => {
    renderReview({
      CampaignDeliverables: page([post("post_3", "Stripes", "SUBMITTED")]),
      ApproveDeliverable: { data: null, errors: [{ message: "Only a published post can be approved.", extensions: { code: "INVALID_STATE" } }] },
    });
    const user = userEvent.setup();
    const card = await screen.findByRole("article", { name: "Lena Style" });
    await user.click(within(card).getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(within(card).getByRole("alert").textContent).toBe("Only a published post can be approved."));
  });
});
