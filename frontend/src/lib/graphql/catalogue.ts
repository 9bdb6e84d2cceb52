/** A product's page for every signed-in role (its looks), and the author's product-tag editing. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { AUTHOR_FIELDS, PAGE_INFO_FIELDS } from "./types";

/** The product's page: photo, price, brand, where "Buy" goes (through `look`'s link if any). */
export type ProductPageProduct = NonNullable<G.ProductPageQuery["product"]>;

/** One look in a product's grid. */
export type ProductLook = G.ProductLookFieldsFragment;

const PRODUCT_LOOK_FIELDS = gql`
  fragment ProductLookFields on Post {
    id
    caption
    likeCount
    author {
      ...AuthorFields
    }
    images {
      blurhash
      thumb: url(variant: THUMB)
    }
  }
  ${AUTHOR_FIELDS}
`;

export const ProductPageQuery: TypedDocumentNode<G.ProductPageQuery, G.ProductPageQueryVariables> = gql`
  query ProductPage($id: ID!, $look: ID) {
    product(id: $id) {
      id
      title
      category
      imageUrl
      price {
        amountMinor
        currency
      }
      archived
      buyUrl(look: $look)
      brand {
        id
        handle
        displayName
      }
    }
  }
`;

export const ProductLooksQuery: TypedDocumentNode<G.ProductLooksQuery, G.ProductLooksQueryVariables> = gql`
  query ProductLooks($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      id
      looks(first: $first, after: $after) {
        nodes {
          ...ProductLookFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${PRODUCT_LOOK_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

/** Replaces every product tag of the author's post; the answer carries the post's shop list. */
export const EditPostTagsMutation: TypedDocumentNode<G.EditPostTagsMutation, G.EditPostTagsMutationVariables> = gql`
  mutation EditPostTags($id: ID!, $tags: [ProductTagInput!]!) {
    editPost(input: { id: $id, productTags: $tags }) {
      post {
        id
        editedAt
        productTags {
          productId
          imageIndex
          x
          y
          product {
            id
            title
            imageUrl
            price {
              amountMinor
              currency
            }
            archived
          }
          shopUrl
          creditsAuthor
        }
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
