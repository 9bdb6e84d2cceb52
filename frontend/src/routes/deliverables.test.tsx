import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";

import { AuthProvider } from "../hooks/useAuth";
import { TOKEN_KEY } from "../lib/auth-storage";
import { routes } from "../router";
import { graphqlStub, TEST_TOKEN, viewer, type Answer } from "../test/graphql-stub";

const influencer = viewer({ id: "usr_kol", displayName: "Lena Style", role: "INFLUENCER", email: "influencer@demo.trendloop.dev" });

function renderApp(path: string, answers: Record<string, Answer>) {
  window.localStorage.setItem(TOKEN_KEY, TEST_TOKEN);
  const stub = graphqlStub({ Me: { data: { me: influencer } }, ...answers });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AuthProvider fetch={stub.fetch}>
      <RouterProvider router={router} />
    </AuthProvider>,
  );
  return { router, sent: stub.sent };
}

function campaignPost(status: "SUBMITTED" | "REJECTED") {
  return {
    id: "post_1",
    caption: "Linen at noon #linen",
    hashtags: ["linen"],
    market: "US",
    status: "PUBLISHED",
    likeCount: 0,
    saveCount: 0,
    commentCount: 0,
    createdAt: "2026-06-02T10:00:00Z",
    publishedAt: "2026-06-02T10:00:05Z",
    author: { id: "usr_kol", displayName: "Lena Style", avatarUrl: null, role: "INFLUENCER" },
    images: [],
    imageCount: 1,
    productTags: [],
    partnerBrand: { id: "usr_brand", displayName: "Northwind" },
    rejectionReason: null,
    viewerHasLiked: false,
    viewerHasSaved: false,
    deliverable: {
      status,
      submittedAt: "2026-06-02T10:00:00Z",
      decidedAt: status === "REJECTED" ? "2026-06-03T10:00:00Z" : null,
      reason: status === "REJECTED" ? "Show the label, please." : null,
      fee: null,
      campaign: { id: "cmp_1", name: "Linen Week", status: "ACTIVE" },
    },
    comments: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
  };
}

describe("campaign posts for their author", () => {
  it("shows the brand's reason on the post page and submits the post again", async () => {
    let submitted = false;
    const { sent } = renderApp("/feed/posts/post_1", {
      Post: () => ({ data: { post: campaignPost(submitted ? "SUBMITTED" : "REJECTED") } }),
      SubmitDeliverable: () => {
        submitted = true;
        return { data: { submitDeliverable: { post: { id: "post_1", status: "PUBLISHED", deliverable: null }, errors: [] } } };
      },
    });
    const review = await screen.findByRole("region", { name: "Campaign review" });
    expect(within(review).getByText("Rejected")).toBeTruthy();
    expect(within(review).getByText("Sent back from “Linen Week”: Show the label, please.")).toBeTruthy();
    expect(screen.getByText("Northwind")).toBeTruthy();
    // Influencers have no feed: the back link goes to their home page.
    expect(within(screen.getByRole("main")).getByRole("link", { name: "Earnings" }).getAttribute("href")).toBe("/earnings");

    await userEvent.setup().click(within(review).getByRole("button", { name: "Submit again" }));
    expect(await within(review).findByText("Submitted for “Linen Week”: waiting for the brand's review.")).toBeTruthy();
    expect(sent.find((r) => r.operationName === "SubmitDeliverable")?.variables).toEqual({ postId: "post_1", campaignId: "cmp_1" });
  });

  it("offers no second submission once the campaign has ended", async () => {
    const ended = campaignPost("REJECTED");
    ended.deliverable.campaign = { ...ended.deliverable.campaign, status: "ENDED" };
    renderApp("/feed/posts/post_1", { Post: { data: { post: ended } } });
    const review = await screen.findByRole("region", { name: "Campaign review" });
    expect(within(review).getByText("Sent back from “Linen Week”: Show the label, please.")).toBeTruthy();
    expect(within(review).queryByRole("button", { name: "Submit again" })).toBeNull();
  });

  it("offers the running campaigns the influencer is approved in when posting", async () => {
    const campaign = (id: string, name: string, status: string) => ({
      id: `mem_${id}`,
      campaignId: id,
      influencerId: "usr_kol",
      status: "APPROVED",
      pitch: "",
      creatorCode: null,
      createdAt: "2026-05-01T00:00:00Z",
      updatedAt: "2026-05-01T00:00:00Z",
      campaign: { id, name, status, endsAt: "2999-01-01T00:00:00Z", productIds: [], commissionRule: { kind: "PERCENT", basisPoints: 1000, amount: null } },
    });
    const { sent } = renderApp("/post?campaign=cmp_2", {
      MyMemberships: { data: { myMemberships: { nodes: [campaign("cmp_1", "Summer Tees", "ACTIVE"), campaign("cmp_2", "Linen Week", "ACTIVE"), campaign("cmp_3", "Old", "ENDED")], pageInfo: { hasNextPage: false, endCursor: null } } } },
    });
    const select = (await screen.findByLabelText("Post for a campaign")) as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(["No campaign", "Linen Week", "Summer Tees"]);
    // The campaign page's link picks its campaign.
    expect(select.value).toBe("cmp_2");
    expect(sent.find((r) => r.operationName === "MyMemberships")?.variables).toEqual({ status: "APPROVED", first: 100 });
  });
});
