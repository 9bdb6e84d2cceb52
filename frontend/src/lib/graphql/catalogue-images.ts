/** A product's photo, uploaded as a multipart request (see lib/upload.ts). */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";

export const UploadProductImageMutation: TypedDocumentNode<G.UploadProductImageMutation, G.UploadProductImageMutationVariables> = gql`
  mutation UploadProductImage($productId: ID!, $image: Upload!) {
    uploadProductImage(productId: $productId, image: $image) {
      product {
        id
        imageUrl
        thumbUrl
        hasUploadedImage
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
