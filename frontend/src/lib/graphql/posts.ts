/**
 * Outfit posts: the feed, one post, likes, saves, comments, follows, the products tagged, and
 * campaign deliverables (posts an influencer made for a campaign, reviewed by its brand).
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import { COMMISSION_RULE_FIELDS } from "./commerce";
import { DELIVERABLE_CHANGES_FIELDS } from "./creators";
import type * as G from "./generated/graphql";
import { AUTHOR_FIELDS, PAGE_INFO_FIELDS } from "./types";

export type { DeliverableStatus, PostStatus } from "./generated/graphql";

/** A post's author as shown beside it. */
export type PostAuthor = G.AuthorFieldsFragment;

/** A post as the feed, the composer and the post page show it. */
export type FeedPost = G.PostFieldsFragment;

/** One photo: `url` is the FEED variant (1080 px long edge), `thumb` THUMB (320 px), `full` FULL (up to 2048 px). */
export type PostImage = FeedPost["images"][number];

/**
 * A product tagged on a photo. `product` is null when it has left the catalogue; `shopUrl` is where
 * "Shop the look" goes (the author's /l/ link on an influencer's post, else the product page), and
 * buying through it credits the post's author when `creditsAuthor`.
 */
export type ProductTag = FeedPost["productTags"][number];

export type TaggedProduct = NonNullable<ProductTag["product"]>;

/** A campaign post's review: `reason` is why the brand sent it back, `fee` what an approval credited (FIXED_FEE). */
export type Deliverable = G.DeliverableFieldsFragment;

export type PostComment = G.CommentFieldsFragment;

/** A post as a deliverable card shows it: the first photo's thumbnail, who, when, the review. */
export type DeliverablePost = G.DeliverablePostFieldsFragment;

/** A deliverable as its brand reviews it: also what changed since it was sent back. */
export type ReviewPost = G.CampaignDeliverablesQuery["campaign"]["deliverables"]["nodes"][number];

/** One of the influencer's campaigns with the posts they made for it. */
export type CampaignPosts = G.MyCampaignPostsQuery["myMemberships"]["nodes"][number];

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
      ...AuthorFields
      handle
      viewerFollows
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
    partnerBrand {
      id
      displayName
    }
    rejectionReason
    viewerHasLiked
    viewerHasSaved
  }
  ${AUTHOR_FIELDS}
`;

export const PostsQuery: TypedDocumentNode<G.PostsQuery, G.PostsQueryVariables> = gql`
  query Posts($authorId: ID, $first: Int!, $after: String) {
    posts(authorId: $authorId, first: $first, after: $after) {
      nodes {
        ...PostFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${POST_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

/** The shopper's ranked feed. Cursors expire with the feed session (SESSION_EXPIRED). */
export const FeedQuery: TypedDocumentNode<G.FeedQuery, G.FeedQueryVariables> = gql`
  query Feed($first: Int!, $after: String) {
    feed(first: $first, after: $after) {
      nodes {
        ...PostFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${POST_FIELDS}
  ${PAGE_INFO_FIELDS}
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
    submissionNumber
    unchangedSinceRejection
  }
`;

const COMMENT_FIELDS = gql`
  fragment CommentFields on Comment {
    id
    body
    createdAt
    author {
      ...AuthorFields
      handle
    }
  }
  ${AUTHOR_FIELDS}
`;

export const PostQuery: TypedDocumentNode<G.PostQuery, G.PostQueryVariables> = gql`
  query Post($id: ID!) {
    post(id: $id) {
      ...PostFields
      deliverable {
        ...DeliverableFields
      }
      comments(first: 50) {
        nodes {
          ...CommentFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${POST_FIELDS}
  ${DELIVERABLE_FIELDS}
  ${COMMENT_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

/** What the composer polls while a new post is processed. */
export const PostStatusQuery: TypedDocumentNode<G.PostStatusQuery, G.PostStatusQueryVariables> = gql`
  query PostStatus($id: ID!) {
    post(id: $id) {
      ...PostFields
    }
  }
  ${POST_FIELDS}
`;

/** Sent as a multipart request with the photos (see lib/upload.ts). */
export const CreatePostMutation: TypedDocumentNode<G.CreatePostMutation, G.CreatePostMutationVariables> = gql`
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

/** What a like, unlike, save or unsave answers: the post's new counts. */
const ENGAGEMENT_FIELDS = gql`
  fragment EngagementFields on PostPayload {
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
  }
`;

export const LikePostMutation: TypedDocumentNode<G.LikePostMutation, G.LikePostMutationVariables> = gql`
  mutation LikePost($id: ID!) { likePost(id: $id) { ...EngagementFields } }
  ${ENGAGEMENT_FIELDS}
`;
export const UnlikePostMutation: TypedDocumentNode<G.UnlikePostMutation, G.UnlikePostMutationVariables> = gql`
  mutation UnlikePost($id: ID!) { unlikePost(id: $id) { ...EngagementFields } }
  ${ENGAGEMENT_FIELDS}
`;
export const SavePostMutation: TypedDocumentNode<G.SavePostMutation, G.SavePostMutationVariables> = gql`
  mutation SavePost($id: ID!) { savePost(id: $id) { ...EngagementFields } }
  ${ENGAGEMENT_FIELDS}
`;
export const UnsavePostMutation: TypedDocumentNode<G.UnsavePostMutation, G.UnsavePostMutationVariables> = gql`
  mutation UnsavePost($id: ID!) { unsavePost(id: $id) { ...EngagementFields } }
  ${ENGAGEMENT_FIELDS}
`;

export const CommentOnPostMutation: TypedDocumentNode<G.CommentOnPostMutation, G.CommentOnPostMutationVariables> = gql`
  mutation CommentOnPost($postId: ID!, $body: String!) {
    commentOnPost(postId: $postId, body: $body) {
      comment {
        ...CommentFields
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
  ${COMMENT_FIELDS}
`;

export const FollowMutation: TypedDocumentNode<G.FollowMutation, G.FollowMutationVariables> = gql`
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

export const UnfollowMutation: TypedDocumentNode<G.UnfollowMutation, G.UnfollowMutationVariables> = gql`
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

// Campaign deliverables ------------------------------------------------------------------------

const DELIVERABLE_POST_FIELDS = gql`
  fragment DeliverablePostFields on Post {
    id
    caption
    status
    createdAt
    publishedAt
    author {
      ...AuthorFields
    }
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
  ${AUTHOR_FIELDS}
`;

/** A campaign's deliverables, newest first: all published ones for its brand, one's own for an influencer. */
export const CampaignDeliverablesQuery: TypedDocumentNode<G.CampaignDeliverablesQuery, G.CampaignDeliverablesQueryVariables> = gql`
  query CampaignDeliverables($id: ID!, $status: DeliverableStatus, $first: Int!, $after: String) {
    campaign(id: $id) {
      id
      deliverables(status: $status, first: $first, after: $after) {
        nodes {
          ...DeliverablePostFields
          deliverable {
            changes {
              ...DeliverableChangesFields
            }
          }
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${DELIVERABLE_POST_FIELDS}
  ${DELIVERABLE_CHANGES_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

/** The influencer's campaigns (approved memberships), each with the posts they made for it. */
export const MyCampaignPostsQuery: TypedDocumentNode<G.MyCampaignPostsQuery, G.MyCampaignPostsQueryVariables> = gql`
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
            ...CommissionRuleFields
          }
          deliverables(first: $perCampaign) {
            nodes {
              ...DeliverablePostFields
            }
            pageInfo {
              ...PageInfoFields
            }
          }
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${DELIVERABLE_POST_FIELDS}
  ${COMMISSION_RULE_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

/** What submitting, approving or sending back a deliverable answers: the post's review. */
const DELIVERABLE_PAYLOAD_FIELDS = gql`
  fragment DeliverablePayloadFields on PostPayload {
    post {
      id
      status
      deliverable {
        ...DeliverableFields
      }
    }
    errors {
      field
      code
      message
    }
  }
  ${DELIVERABLE_FIELDS}
`;

/** An influencer submits one of their posts for a campaign (again, after a rejection; `allowUnchanged` to send it as it was). */
export const SubmitDeliverableMutation: TypedDocumentNode<G.SubmitDeliverableMutation, G.SubmitDeliverableMutationVariables> = gql`
  mutation SubmitDeliverable($postId: ID!, $campaignId: ID!, $allowUnchanged: Boolean = false) {
    submitDeliverable(postId: $postId, campaignId: $campaignId, allowUnchanged: $allowUnchanged) { ...DeliverablePayloadFields }
  }
  ${DELIVERABLE_PAYLOAD_FIELDS}
`;

export const ApproveDeliverableMutation: TypedDocumentNode<G.ApproveDeliverableMutation, G.ApproveDeliverableMutationVariables> = gql`
  mutation ApproveDeliverable($postId: ID!) {
    approveDeliverable(postId: $postId) { ...DeliverablePayloadFields }
  }
  ${DELIVERABLE_PAYLOAD_FIELDS}
`;

export const RejectDeliverableMutation: TypedDocumentNode<G.RejectDeliverableMutation, G.RejectDeliverableMutationVariables> = gql`
  mutation RejectDeliverable($postId: ID!, $reason: String!) {
    rejectDeliverable(postId: $postId, reason: $reason) { ...DeliverablePayloadFields }
  }
  ${DELIVERABLE_PAYLOAD_FIELDS}
`;

/** A shared look as anyone sees it at /p/{id}: no viewer, the first few comments. */
export const PublicPostQuery: TypedDocumentNode<G.PublicPostQuery, G.PublicPostQueryVariables> = gql`
  query PublicPost($id: ID!) {
    post(id: $id) {
      ...PostFields
      viewCount
      comments(first: 3) {
        nodes {
          ...CommentFields
        }
      }
    }
  }
  ${POST_FIELDS}
  ${COMMENT_FIELDS}
`;

/** The author changes a post's caption (hashtags are read from it again). */
export const EditPostCaptionMutation: TypedDocumentNode<G.EditPostCaptionMutation, G.EditPostCaptionMutationVariables> = gql`
  mutation EditPostCaption($id: ID!, $caption: String!) {
    editPost(input: { id: $id, caption: $caption }) {
      post {
        id
        caption
        hashtags
        editedAt
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

/** The author (or an admin) deletes a post: it leaves every list and its photos stop being served. */
export const DeletePostMutation: TypedDocumentNode<G.DeletePostMutation, G.DeletePostMutationVariables> = gql`
  mutation DeletePost($id: ID!) {
    deletePost(id: $id) {
      post {
        id
        status
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
