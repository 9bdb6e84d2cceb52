/** Outfit posts: the feed, one post, likes, saves, comments, follows, and the products tagged. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type { Connection, DateTime, Market, Role, UserError } from "./types";

export type PostStatus = "PROCESSING" | "PUBLISHED" | "REJECTED" | "HIDDEN" | "REMOVED" | "DELETED";

export interface PostAuthor {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  role: Role;
}

export interface PostImage {
  width: number;
  height: number;
  blurhash: string;
  /** FEED variant (1080 px long edge). */
  url: string;
  /** THUMB variant (320 px). */
  thumb: string;
  /** FULL variant (up to 2048 px). */
  full: string;
}

export interface ProductTag {
  productId: string;
  imageIndex: number;
  x: number;
  y: number;
}

export interface FeedPost {
  id: string;
  caption: string;
  hashtags: string[];
  market: Market;
  status: PostStatus;
  likeCount: number;
  saveCount: number;
  commentCount: number;
  createdAt: DateTime;
  publishedAt: DateTime | null;
  author: PostAuthor | null;
  images: PostImage[];
  imageCount: number;
  productTags: ProductTag[];
  rejectionReason: string | null;
  viewerHasLiked: boolean;
  viewerHasSaved: boolean;
}

export interface PostComment {
  id: string;
  body: string;
  createdAt: DateTime;
  author: PostAuthor | null;
}

export interface PostWithComments extends FeedPost {
  comments: Connection<PostComment>;
}

const POST_FIELDS = gql`
  fragment PostFields on Post {
    id
    caption
    hashtags
    market
    status
    likeCount
    saveCount
    commentCount
    createdAt
    publishedAt
    author {
      id
      displayName
      avatarUrl
      role
    }
    images {
      width
      height
      blurhash
      url(variant: FEED)
      thumb: url(variant: THUMB)
      full: url(variant: FULL)
    }
    imageCount
    productTags {
      productId
      imageIndex
      x
      y
    }
    rejectionReason
    viewerHasLiked
    viewerHasSaved
  }
`;

export interface PostsVariables {
  authorId?: string | null;
  first: number;
  after?: string | null;
}

export const PostsQuery: TypedDocumentNode<{ posts: Connection<FeedPost> }, PostsVariables> = gql`
  query Posts($authorId: ID, $first: Int!, $after: String) {
    posts(authorId: $authorId, first: $first, after: $after) {
      nodes {
        ...PostFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${POST_FIELDS}
`;

/** The shopper's ranked feed. Cursors expire with the feed session (SESSION_EXPIRED). */
export const FeedQuery: TypedDocumentNode<{ feed: Connection<FeedPost> }, { first: number; after?: string | null }> = gql`
  query Feed($first: Int!, $after: String) {
    feed(first: $first, after: $after) {
      nodes {
        ...PostFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${POST_FIELDS}
`;

export const PostQuery: TypedDocumentNode<{ post: PostWithComments | null }, { id: string }> = gql`
  query Post($id: ID!) {
    post(id: $id) {
      ...PostFields
      comments(first: 50) {
        nodes {
          id
          body
          createdAt
          author {
            id
            displayName
            avatarUrl
            role
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${POST_FIELDS}
`;

/** What the composer polls while a new post is processed. */
export const PostStatusQuery: TypedDocumentNode<{ post: FeedPost | null }, { id: string }> = gql`
  query PostStatus($id: ID!) {
    post(id: $id) {
      ...PostFields
    }
  }
  ${POST_FIELDS}
`;

export interface PostPayload {
  post: FeedPost | null;
  errors: UserError[];
}

/** Sent as a multipart request with the photos (see lib/upload.ts). */
export const CreatePostMutation: TypedDocumentNode<{ createPost: PostPayload }, { input: Record<string, unknown> }> = gql`
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      post {
        ...PostFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${POST_FIELDS}
`;

interface Engagement {
  id: string;
  likeCount: number;
  saveCount: number;
  viewerHasLiked: boolean;
  viewerHasSaved: boolean;
}

type EngagementPayload = { post: Engagement | null; errors: UserError[] };

const ENGAGEMENT = `
  post {
    id
    likeCount
    saveCount
    viewerHasLiked
    viewerHasSaved
  }
  errors {
    field
    code
    message
  }
`;

export const LikePostMutation: TypedDocumentNode<{ likePost: EngagementPayload }, { id: string }> = gql`
  mutation LikePost($id: ID!) { likePost(id: $id) { ${ENGAGEMENT} } }
`;
export const UnlikePostMutation: TypedDocumentNode<{ unlikePost: EngagementPayload }, { id: string }> = gql`
  mutation UnlikePost($id: ID!) { unlikePost(id: $id) { ${ENGAGEMENT} } }
`;
export const SavePostMutation: TypedDocumentNode<{ savePost: EngagementPayload }, { id: string }> = gql`
  mutation SavePost($id: ID!) { savePost(id: $id) { ${ENGAGEMENT} } }
`;
export const UnsavePostMutation: TypedDocumentNode<{ unsavePost: EngagementPayload }, { id: string }> = gql`
  mutation UnsavePost($id: ID!) { unsavePost(id: $id) { ${ENGAGEMENT} } }
`;

export const CommentOnPostMutation: TypedDocumentNode<
  {
    commentOnPost: {
      comment: PostComment | null;
      post: { id: string; commentCount: number } | null;
      errors: UserError[];
    };
  },
  { postId: string; body: string }
> = gql`
  mutation CommentOnPost($postId: ID!, $body: String!) {
    commentOnPost(postId: $postId, body: $body) {
      comment {
        id
        body
        createdAt
        author {
          id
          displayName
          avatarUrl
          role
        }
      }
      post {
        id
        commentCount
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

export interface FollowPayload {
  following: boolean;
  followerCount: number;
  errors: UserError[];
}

export const FollowMutation: TypedDocumentNode<{ follow: FollowPayload }, { userId: string }> = gql`
  mutation Follow($userId: ID!) {
    follow(userId: $userId) {
      following
      followerCount
      errors {
        field
        code
        message
      }
    }
  }
`;

export const UnfollowMutation: TypedDocumentNode<{ unfollow: FollowPayload }, { userId: string }> = gql`
  mutation Unfollow($userId: ID!) {
    unfollow(userId: $userId) {
      following
      followerCount
      errors {
        field
        code
        message
      }
    }
  }
`;
