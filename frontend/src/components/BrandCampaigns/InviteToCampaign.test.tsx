import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";

import { createGraphqlClient } from "../../lib/graphql/client";
import { graphqlStub, TEST_TOKEN } from "../../test/graphql-stub";
import { InviteToCampaign } from "./InviteToCampaign";

describe("InviteToCampaign", () => {
  it("lists the brand's drafts and running campaigns and shows Invited from the server after inviting", async () => {
    let invited = false;
    const stub = graphqlStub({
      InviteTargets: () => ({
        data: {
          myCampaigns: {
            nodes: [
              { id: "cmp_1", name: "Linen Week", status: "ACTIVE", membershipOf: invited ? { id: "cmm_1", status: "INVITED" } : null },
              { id: "cmp_2", name: "Old Drop", status: "ENDED", membershipOf: null },
            ],
          },
        },
      }),
      InviteToCampaign: () => {
        invited = true;
        return { data: { inviteToCampaign: { membership: { id: "cmm_1", campaignId: "cmp_1", status: "INVITED" }, errors: [] } } };
      },
    });
    render(
      <Provider value={createGraphqlClient({ token: TEST_TOKEN, url: "http://t.test/graphql", fetch: stub.fetch })}>
        <MemoryRouter>
          <InviteToCampaign influencerId="usr_kol" name="Lena Style" />
        </MemoryRouter>
      </Provider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Invite to campaign" }));
    const list = await screen.findByRole("list", { name: "Invite Lena Style to a campaign" });
    expect(within(list).queryByText("Old Drop")).toBeNull();
    await user.click(within(list).getByRole("button", { name: "Invite to Linen Week" }));
    expect(await within(list).findByText("Invited")).toBeTruthy();
    expect(stub.sent.find((r) => r.operationName === "InviteToCampaign")?.variables).toEqual({ campaignId: "cmp_1", influencerId: "usr_kol" });
  });
});
