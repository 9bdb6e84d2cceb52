import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, MemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { AuthProvider } from "../../hooks/useAuth";
import { TOKEN_KEY } from "../../lib/auth-storage";
import { routes } from "../../router";
import { graphqlStub, TEST_TOKEN, viewer, type Answer } from "../../test/graphql-stub";
import { SaveSheet } from "./SaveSheet";

function card(id: string, name: string, hasPost: boolean, overrides: Record<string, unknown> = {}) {
  return { __typename: "Collection", id, name, isPublic: false, postCount: hasPost ? 1 : 0, cover: null, hasPost, ...overrides };
}

function renderSheet(answers: Record<string, Answer>) {
  window.localStorage.setItem(TOKEN_KEY, TEST_TOKEN);
  const stub = graphqlStub({ Me: { data: { me: viewer() } }, ...answers });
  const onClose = vi.fn();
  const onUnsaved = vi.fn();
  render(
    <AuthProvider fetch={stub.fetch}>
      <MemoryRouter>
        <SaveSheet postId="post_1" onClose={onClose} onUnsaved={onUnsaved} />
      </MemoryRouter>
    </AuthProvider>,
  );
  return { sent: stub.sent, onClose, onUnsaved };
}

describe("the Save sheet", () => {
  it("ticks the collections holding the look and adds it to another with a tap", async () => {
    // The server's side: once added, the sheet's list (read again after the change) says so.
    let added = false;
    const { sent } = renderSheet({
      SaveSheetCollections: () => ({
        data: { myCollections: { nodes: [card("col_a", "Beach", true), card("col_b", "Office", added, { isPublic: true })] } },
      }),
      AddToCollection: () => {
        added = true;
        return {
          data: {
            addToCollection: {
              collection: card("col_b", "Office", true, { isPublic: true }),
              post: { __typename: "Post", id: "post_1", saveCount: 3, viewerHasSaved: true },
              errors: [],
            },
          },
        };
      },
    });
    const sheet = await screen.findByRole("dialog", { name: "Saved" });
    const beach = await within(sheet).findByRole("button", { name: /Beach/ });
    const office = within(sheet).getByRole("button", { name: /Office/ });
    expect(beach.getAttribute("aria-pressed")).toBe("true");
    expect(within(beach).getByText(/Private/)).toBeTruthy();
    expect(office.getAttribute("aria-pressed")).toBe("false");
    await userEvent.setup().click(office);
    expect((await within(sheet).findByRole("button", { name: /Office.*In this collection/ })).getAttribute("aria-pressed")).toBe("true");
    expect(sent.find((r) => r.operationName === "AddToCollection")?.variables).toEqual({ collectionId: "col_b", postId: "post_1" });
  });

  it("shows why a look could not be added, and unsaves or closes on request", async () => {
    const { onClose, onUnsaved } = renderSheet({
      RemoveFromSaved: {
        data: { removeFromSaved: { post: { __typename: "Post", id: "post_1", saveCount: 2, viewerHasSaved: false }, errors: [] } },
      },
      SaveSheetCollections: { data: { myCollections: { nodes: [card("col_a", "Beach", false)] } } },
      AddToCollection: {
        data: {
          addToCollection: {
            collection: null,
            post: null,
            errors: [{ field: "collectionId", code: "TOO_MANY", message: "A collection holds up to 500 looks; start another one." }],
          },
        },
      },
    });
    const sheet = await screen.findByRole("dialog", { name: "Saved" });
    const user = userEvent.setup();
    await user.click(await within(sheet).findByRole("button", { name: /Beach/ }));
    expect((await within(sheet).findByRole("alert")).textContent).toContain("holds up to 500 looks");
    expect(within(sheet).getByRole("button", { name: /Beach/ }).getAttribute("aria-pressed")).toBe("false");
    await user.click(within(sheet).getByRole("button", { name: "Remove" }));
    await vi.waitFor(() => expect(onUnsaved).toHaveBeenCalledWith(expect.objectContaining({ saveCount: 2, viewerHasSaved: false })));
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });
});

describe("a collection's page", () => {
  it("says a private or deleted collection is not available, without telling which", async () => {
    window.localStorage.setItem(TOKEN_KEY, TEST_TOKEN);
    const stub = graphqlStub({
      Me: { data: { me: viewer() } },
      CollectionPage: {
        data: { collection: null },
        errors: [{ message: "Collection not found.", path: ["collection"], extensions: { code: "NOT_FOUND", field: "id" } }],
      },
    });
    const router = createMemoryRouter(routes, { initialEntries: ["/collections/col_01jd0000000000000000000000"] });
    render(
      <AuthProvider fetch={stub.fetch}>
        <RouterProvider router={router} />
      </AuthProvider>,
    );
    expect(await screen.findByText("This collection isn't available")).toBeTruthy();
  });
});
