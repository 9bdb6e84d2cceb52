/**
 * Saved looks: everything the viewer saved, their collections (private unless public), one
 * collection and its looks, a person's public collections, and the Save sheet's changes
 * (create, rename, make public, delete, add or take out a look). Also the profile picture's
 * upload, sent as a multipart request (see lib/upload.ts).
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

/** A collection as a card shows it: name, privacy, count and cover. */
export type CollectionCard = G.CollectionCardFieldsFragment;

/** A row of the Save sheet: a collection and whether it holds the look. */
export type SheetCollection = NonNullable<G.SaveSheetCollectionsQuery["myCollections"]>["nodes"][number];

/** A look in a Saved or collection grid. */
export type SavedLook = G.SavedLookFieldsFragment;

/** One collection's page head. */
export type CollectionDetail = NonNullable<G.CollectionPageQuery["collection"]>;

const COLLECTION_CARD_FIELDS = gql`
  fragment CollectionCardFields on Collection {
    id
    name
    isPublic
    postCount
    cover {
      blurhash
      thumb: url(variant: THUMB)
    }
  }
`;

const SAVED_LOOK_FIELDS = gql`
  fragment SavedLookFields on Post {
    id
    caption
    author {
      id
      displayName
    }
    images {
      blurhash
      thumb: url(variant: THUMB)
    }
  }
`;

const ERROR_FIELDS = gql`
  fragment CollectionErrorFields on CollectionError {
    field
    code
    message
  }
`;

export const SaveSheetCollectionsQuery: TypedDocumentNode<G.SaveSheetCollectionsQuery, G.SaveSheetCollectionsQueryVariables> = gql`
  query SaveSheetCollections($postId: ID!) {
    myCollections(first: 50) {
      nodes {
        ...CollectionCardFields
        hasPost(postId: $postId)
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
`;

export const MyCollectionsQuery: TypedDocumentNode<G.MyCollectionsQuery, G.MyCollectionsQueryVariables> = gql`
  query MyCollections {
    myCollections(first: 50) {
      nodes {
        ...CollectionCardFields
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
`;

export const SavedPostsQuery: TypedDocumentNode<G.SavedPostsQuery, G.SavedPostsQueryVariables> = gql`
  query SavedPosts($first: Int!, $after: String) {
    savedPosts(first: $first, after: $after) {
      nodes {
        ...SavedLookFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${SAVED_LOOK_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const CollectionPageQuery: TypedDocumentNode<G.CollectionPageQuery, G.CollectionPageQueryVariables> = gql`
  query CollectionPage($id: ID!) {
    collection(id: $id) {
      ...CollectionCardFields
      viewerIsOwner
      owner {
        id
        handle
        displayName
        avatarUrl
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
`;

export const CollectionLooksQuery: TypedDocumentNode<G.CollectionLooksQuery, G.CollectionLooksQueryVariables> = gql`
  query CollectionLooks($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      id
      posts(first: $first, after: $after) {
        nodes {
          ...SavedLookFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${SAVED_LOOK_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const PersonCollectionsQuery: TypedDocumentNode<G.PersonCollectionsQuery, G.PersonCollectionsQueryVariables> = gql`
  query PersonCollections($id: ID!) {
    user(id: $id) {
      id
      collections(first: 20) {
        nodes {
          ...CollectionCardFields
        }
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
`;

export const CreateCollectionMutation: TypedDocumentNode<G.CreateCollectionMutation, G.CreateCollectionMutationVariables> = gql`
  mutation CreateCollection($name: String!, $isPublic: Boolean!) {
    createCollection(name: $name, isPublic: $isPublic) {
      collection {
        ...CollectionCardFields
      }
      errors {
        ...CollectionErrorFields
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
  ${ERROR_FIELDS}
`;

export const UpdateCollectionMutation: TypedDocumentNode<G.UpdateCollectionMutation, G.UpdateCollectionMutationVariables> = gql`
  mutation UpdateCollection($id: ID!, $name: String, $isPublic: Boolean) {
    updateCollection(id: $id, name: $name, isPublic: $isPublic) {
      collection {
        ...CollectionCardFields
      }
      errors {
        ...CollectionErrorFields
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
  ${ERROR_FIELDS}
`;

export const DeleteCollectionMutation: TypedDocumentNode<G.DeleteCollectionMutation, G.DeleteCollectionMutationVariables> = gql`
  mutation DeleteCollection($id: ID!) {
    deleteCollection(id: $id) {
      deletedId
      errors {
        ...CollectionErrorFields
      }
    }
  }
  ${ERROR_FIELDS}
`;

export const AddToCollectionMutation: TypedDocumentNode<G.AddToCollectionMutation, G.AddToCollectionMutationVariables> = gql`
  mutation AddToCollection($collectionId: ID!, $postId: ID!) {
    addToCollection(collectionId: $collectionId, postId: $postId) {
      collection {
        ...CollectionCardFields
        hasPost(postId: $postId)
      }
      post {
        id
        saveCount
        viewerHasSaved
      }
      errors {
        ...CollectionErrorFields
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
  ${ERROR_FIELDS}
`;

export const RemoveFromCollectionMutation: TypedDocumentNode<G.RemoveFromCollectionMutation, G.RemoveFromCollectionMutationVariables> = gql`
  mutation RemoveFromCollection($collectionId: ID!, $postId: ID!) {
    removeFromCollection(collectionId: $collectionId, postId: $postId) {
      collection {
        ...CollectionCardFields
        hasPost(postId: $postId)
      }
      errors {
        ...CollectionErrorFields
      }
    }
  }
  ${COLLECTION_CARD_FIELDS}
  ${ERROR_FIELDS}
`;

export const UploadAvatarMutation: TypedDocumentNode<G.UploadAvatarMutation, G.UploadAvatarMutationVariables> = gql`
  mutation UploadAvatar($file: Upload!) {
    uploadAvatar(file: $file) {
      user {
        id
        avatarUrl
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

export const RemoveAvatarMutation: TypedDocumentNode<G.RemoveAvatarMutation, G.RemoveAvatarMutationVariables> = gql`
  mutation RemoveAvatar {
    removeAvatar {
      user {
        id
        avatarUrl
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

/** The Save sheet's "Remove": out of Saved and out of every collection. */
export const RemoveFromSavedMutation: TypedDocumentNode<G.RemoveFromSavedMutation, G.RemoveFromSavedMutationVariables> = gql`
  mutation RemoveFromSaved($postId: ID!) {
    removeFromSaved(postId: $postId) {
      post {
        id
        saveCount
        viewerHasSaved
      }
      errors {
        ...CollectionErrorFields
      }
    }
  }
  ${ERROR_FIELDS}
`;
