/**
 * Outfit posts: the feed, one post, likes, saves, comments, follows, the products tagged, and
 * campaign deliverables (posts an influencer made for a campaign, reviewed by its brand).
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type { Money } from "../money";
import type { CampaignStatus, CommissionRule } from "./commerce";
import { AUTHOR, type Connection, type DateTime, type Market, PAGE_INFO, type Role, USER_ERRORS, type UserError } from "./types";

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

export interface TaggedProduct {
  id: string;
  title: string;
  imageUrl: string | null;
  price: Money;
}

export interface ProductTag {
  productId: string;
  imageIndex: number;
  x: number;
  y: number;
  /** Null when the product has left the catalogue. */
  product: TaggedProduct | null;
  /** Where "Shop the look" goes: the author's /l/ link (an influencer's post) or the product page. */
  shopUrl: string | null;
  /** Buying through `shopUrl` credits the post's author. */
  creditsAuthor: boolean;
}

export type DeliverableStatus = "SUBMITTED" | "APPROVED" | "REJECTED";

export interface Deliverable {
  status: DeliverableStatus;
  submittedAt: DateTime;
  decidedAt: DateTime | null;
  /** Why the brand sent it back. */
  reason: string | null;
  /** FIXED_FEE campaigns: what the approval credited. */
  fee: Money | null;
  campaign: { id: string; name: string; status: CampaignStatus } | null;
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
  /** The brand a campaign post was made for ("Paid partnership with …"). */
  partnerBrand: { id: string; displayName: string } | null;
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
  /** The campaign review, for the author, the campaign's brand and admins; else null. */
  deliverable: Deliverable | null;
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
    ${AUTHOR}
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
      product {
        id
        title
        imageUrl
        price {
          amountMinor
          currency
        }
      }
      shopUrl
      creditsAuthor
    }
    partnerBrand {
      id
      displayName
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
      ${PAGE_INFO}
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
      ${PAGE_INFO}
    }
  }
  ${POST_FIELDS}
`;

const DELIVERABLE_FIELDS = gql`
  fragment DeliverableFields on Deliverable {
    status
    submittedAt
    decidedAt
    reason
    fee {
      amountMinor
      currency
    }
    campaign {
      id
      name
      status
    }
  }
`;

export const PostQuery: TypedDocumentNode<{ post: PostWithComments | null }, { id: string }> = gql`
  query Post($id: ID!) {
    post(id: $id) {
      ...PostFields
      deliverable {
        ...DeliverableFields
      }
      comments(first: 50) {
        nodes {
          id
          body
          createdAt
          ${AUTHOR}
        }
        ${PAGE_INFO}
      }
    }
  }
  ${POST_FIELDS}
  ${DELIVERABLE_FIELDS}
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
      ${USER_ERRORS}
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
  ${USER_ERRORS}
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
        ${AUTHOR}
      }
      post {
        id
        commentCount
      }
      ${USER_ERRORS}
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
      ${USER_ERRORS}
    }
  }
`;

export const UnfollowMutation: TypedDocumentNode<{ unfollow: FollowPayload }, { userId: string }> = gql`
  mutation Unfollow($userId: ID!) {
    unfollow(userId: $userId) {
      following
      followerCount
      ${USER_ERRORS}
    }
  }
`;

// Campaign deliverables ------------------------------------------------------------------------

/** A post as a deliverable card shows it: the first photo's thumbnail, who, when, the review. */
export interface DeliverablePost {
  id: string;
  caption: string;
  status: PostStatus;
  createdAt: DateTime;
  publishedAt: DateTime | null;
  author: PostAuthor | null;
  images: Pick<PostImage, "width" | "height" | "blurhash" | "thumb">[];
  imageCount: number;
  deliverable: Deliverable | null;
}

const DELIVERABLE_POST_FIELDS = gql`
  fragment DeliverablePostFields on Post {
    id
    caption
    status
    createdAt
    publishedAt
    ${AUTHOR}
    images {
      width
      height
      blurhash
      thumb: url(variant: THUMB)
    }
    imageCount
    deliverable {
      ...DeliverableFields
    }
  }
  ${DELIVERABLE_FIELDS}
`;

export interface CampaignDeliverablesVariables {
  id: string;
  status?: DeliverableStatus | null;
  first: number;
  after?: string | null;
}

/** A campaign's deliverables, newest first: all published ones for its brand, one's own for an influencer. */
export const CampaignDeliverablesQuery: TypedDocumentNode<
  { campaign: { id: string; deliverables: Connection<DeliverablePost> } },
  CampaignDeliverablesVariables
> = gql`
  query CampaignDeliverables($id: ID!, $status: DeliverableStatus, $first: Int!, $after: String) {
    campaign(id: $id) {
      id
      deliverables(status: $status, first: $first, after: $after) {
        nodes {
          ...DeliverablePostFields
        }
        ${PAGE_INFO}
      }
    }
  }
  ${DELIVERABLE_POST_FIELDS}
`;

export interface CampaignPosts {
  id: string;
  campaignId: string;
  campaign: {
    id: string;
    name: string;
    status: CampaignStatus;
    endsAt: DateTime;
    commissionRule: CommissionRule;
    deliverables: Connection<DeliverablePost>;
  } | null;
}

/** The influencer's campaigns (approved memberships), each with the posts they made for it. */
export const MyCampaignPostsQuery: TypedDocumentNode<{ myMemberships: Connection<CampaignPosts> }, { first: number; perCampaign: number }> = gql`
  query MyCampaignPosts($first: Int!, $perCampaign: Int!) {
    myMemberships(status: APPROVED, first: $first) {
      nodes {
        id
        campaignId
        campaign {
          id
          name
          status
          endsAt
          commissionRule {
            kind
            basisPoints
            amount {
              amountMinor
              currency
            }
          }
          deliverables(first: $perCampaign) {
            nodes {
              ...DeliverablePostFields
            }
            ${PAGE_INFO}
          }
        }
      }
      ${PAGE_INFO}
    }
  }
  ${DELIVERABLE_POST_FIELDS}
`;

type DeliverablePayload = {
  post: { id: string; status: PostStatus; deliverable: Deliverable | null } | null;
  errors: UserError[];
};

const DELIVERABLE_PAYLOAD = `
  post {
    id
    status
    deliverable {
      ...DeliverableFields
    }
  }
  ${USER_ERRORS}
`;

/** An influencer submits one of their posts for a campaign (again, after a rejection). */
export const SubmitDeliverableMutation: TypedDocumentNode<
  { submitDeliverable: DeliverablePayload },
  { postId: string; campaignId: string }
> = gql`
  mutation SubmitDeliverable($postId: ID!, $campaignId: ID!) {
    submitDeliverable(postId: $postId, campaignId: $campaignId) { ${DELIVERABLE_PAYLOAD} }
  }
  ${DELIVERABLE_FIELDS}
`;

export const ApproveDeliverableMutation: TypedDocumentNode<{ approveDeliverable: DeliverablePayload }, { postId: string }> = gql`
  mutation ApproveDeliverable($postId: ID!) {
    approveDeliverable(postId: $postId) { ${DELIVERABLE_PAYLOAD} }
  }
  ${DELIVERABLE_FIELDS}
`;

export const RejectDeliverableMutation: TypedDocumentNode<
  { rejectDeliverable: DeliverablePayload },
  { postId: string; reason: string }
> = gql`
  mutation RejectDeliverable($postId: ID!, $reason: String!) {
    rejectDeliverable(postId: $postId, reason: $reason) { ${DELIVERABLE_PAYLOAD} }
  }
  ${DELIVERABLE_FIELDS}
`;
