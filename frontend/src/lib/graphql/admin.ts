/**
 * The admin's work on money and moderation (the moderation queue, held commissions,
 * adjustments, payout runs), and every account's notification inbox.
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import { enumValues } from "./enums";
import type * as G from "./generated/graphql";
import { AUTHOR_FIELDS, PAGE_INFO_FIELDS } from "./types";

export type { AdjustmentReason, CommissionState, HoldReason, ModerationDecision } from "./generated/graphql";

// --- moderation ------------------------------------------------------------------------------

export const MODERATION_DECISIONS = enumValues<G.ModerationDecision>()(["APPROVE", "HIDE", "REMOVE"]);

/**
 * A post in the moderation queue (heaviest weighted reports first): the post, a likely
 * repost's original, why it needs review, and its reports with their weights.
 */
export type ModerationPost = G.ModerationPostFieldsFragment;

/** What a post's open reports add up to against the rule that hides a post by reports. */
export type ReportTally = NonNullable<ModerationPost["moderation"]>["reportTally"];

/** An open report with the weight its reporter's standing gave it when filed (heaviest first). */
export type ModerationReport = NonNullable<ModerationPost["moderation"]>["reports"][number];

/** A photo as the moderator sees it: `url` is the FEED variant (1080 px), `thumb` THUMB (320 px). */
export type ModerationImage = ModerationPost["images"][number];

/** What a moderator sees of any post: who posted what, and its photos. */
const MODERATED_POST_FIELDS = gql`
  fragment ModeratedPostFields on Post {
    id
    caption
    status
    createdAt
    author {
      ...AuthorFields
    }
    images {
      width
      height
      url(variant: FEED)
      thumb: url(variant: THUMB)
    }
  }
  ${AUTHOR_FIELDS}
`;

const MODERATION_POST_FIELDS = gql`
  fragment ModerationPostFields on Post {
    ...ModeratedPostFields
    imageCount
    likelyRepost {
      imageIndex
      originalPostId
      originalImageIndex
      distance
    }
    moderation {
      needsReview
      reasons
      openReportCount
      reportTally {
        weight
        hideWeight
        reporters
        reportersNeeded
        networks
        networksNeeded
        byAdmin
        hides
      }
      reports {
        reason
        details
        weight
        hasStanding
        network
        createdAt
        reporter {
          id
          displayName
        }
      }
    }
  }
  ${MODERATED_POST_FIELDS}
`;

export const ModerationQueueQuery: TypedDocumentNode<G.ModerationQueueQuery, G.ModerationQueueQueryVariables> = gql`
  query ModerationQueue($first: Int!, $after: String) {
    moderationQueue(first: $first, after: $after) {
      nodes {
        ...ModerationPostFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${MODERATION_POST_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

/** The earlier post a likely repost resembles, to show beside it. */
export const OriginalPostQuery: TypedDocumentNode<G.ModerationOriginalPostQuery, G.ModerationOriginalPostQueryVariables> = gql`
  query ModerationOriginalPost($id: ID!) {
    post(id: $id) {
      ...ModeratedPostFields
    }
  }
  ${MODERATED_POST_FIELDS}
`;

export const ModeratePostMutation: TypedDocumentNode<G.ModeratePostMutation, G.ModeratePostMutationVariables> = gql`
  mutation ModeratePost($id: ID!, $decision: ModerationDecision!, $note: String) {
    moderatePost(id: $id, decision: $decision, note: $note) {
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

// --- money -----------------------------------------------------------------------------------

export const ADJUSTMENT_REASONS = enumValues<G.AdjustmentReason>()(["FRAUD", "DUPLICATE", "TERMS_VIOLATION", "TRACKING_ERROR"]);

/** A commission as the review queue lists it; `influencer` is null when the account is gone. */
export type HeldCommission = G.HeldCommissionFieldsFragment;

/** The influencer a commission or a payout is for, as a row names them. */
export type InfluencerRef = NonNullable<HeldCommission["influencer"]>;

const COMMISSION_FIELDS = gql`
  fragment HeldCommissionFields on Commission {
    id
    influencerId
    influencer {
      id
      displayName
    }
    state
    amount {
      amountMinor
      currency
    }
    original {
      amountMinor
      currency
    }
    holdReason
    orderId
    campaignId
    createdAt
    heldSince
    heldDays
  }
`;

export const HeldCommissionsQuery: TypedDocumentNode<G.HeldCommissionsQuery, G.HeldCommissionsQueryVariables> = gql`
  query HeldCommissions($first: Int!, $after: String, $waiting: Boolean!) {
    heldCommissions(first: $first, after: $after, waiting: $waiting) {
      nodes {
        ...HeldCommissionFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${COMMISSION_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const ReleaseHoldMutation: TypedDocumentNode<G.ReleaseHoldMutation, G.ReleaseHoldMutationVariables> = gql`
  mutation ReleaseHold($commissionId: ID!) {
    releaseHold(commissionId: $commissionId) {
      commission {
        ...HeldCommissionFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${COMMISSION_FIELDS}
`;

export const RejectHoldMutation: TypedDocumentNode<G.RejectHoldMutation, G.RejectHoldMutationVariables> = gql`
  mutation RejectHold($commissionId: ID!) {
    rejectHold(commissionId: $commissionId) {
      commission {
        ...HeldCommissionFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${COMMISSION_FIELDS}
`;

/** An influencer as the adjustment form's picker lists them. */
export type Influencer = G.AdminInfluencersQuery["users"]["nodes"][number];

export const InfluencersQuery: TypedDocumentNode<G.AdminInfluencersQuery, G.AdminInfluencersQueryVariables> = gql`
  query AdminInfluencers($first: Int!, $after: String) {
    users(role: INFLUENCER, first: $first, after: $after) {
      nodes {
        id
        displayName
        email
        avatarUrl
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`;

export const PostAdjustmentMutation: TypedDocumentNode<G.PostAdjustmentMutation, G.PostAdjustmentMutationVariables> = gql`
  mutation PostAdjustment($input: PostAdjustmentInput!) {
    postAdjustment(input: $input) {
      adjustment {
        id
        influencerId
        amount {
          amountMinor
          currency
        }
        reason
        note
        createdAt
      }
      errors {
        field        code        message
      }
    }
  }
`;

/** A payout a run made; `influencer` is null when the account is gone. */
export type PayoutMade = G.RunPayoutsMutation["runPayouts"]["payouts"][number];

export const RunPayoutsMutation: TypedDocumentNode<G.RunPayoutsMutation, G.RunPayoutsMutationVariables> = gql`
  mutation RunPayouts($input: RunPayoutsInput!) {
    runPayouts(input: $input) {
      payouts {
        id
        influencerId
        influencer {
          id
          displayName
        }
        amount {
          amountMinor
          currency
        }
        commissionCount
        clawbackCount
        runId
        createdAt
      }
      minimumMinor
      errors {
        field        code        message
      }
    }
  }
`;

// --- notifications (every account) ---------------------------------------------------------------

/** A notice in the inbox; `postId` is the post a deliverable notice is about. */
export type AppNotification = G.NotificationFieldsFragment;

const NOTIFICATION_FIELDS = gql`
  fragment NotificationFields on Notification {
    id
    kind
    message
    createdAt
    read
    campaignId
    testDropId
    productId
    postId
  }
`;

export const MyNotificationsQuery: TypedDocumentNode<G.MyNotificationsQuery, G.MyNotificationsQueryVariables> = gql`
  query MyNotifications($first: Int!) {
    myNotifications(first: $first) {
      nodes {
        ...NotificationFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${NOTIFICATION_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const MarkNotificationReadMutation: TypedDocumentNode<G.MarkNotificationReadMutation, G.MarkNotificationReadMutationVariables> = gql`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      notification {
        ...NotificationFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${NOTIFICATION_FIELDS}
`;

/** The bell's badge: asked on its own, so the count covers every unread notice, not one page. */
export const UnreadNotificationCountQuery: TypedDocumentNode<G.UnreadNotificationCountQuery, G.UnreadNotificationCountQueryVariables> = gql`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`;

export const MarkAllNotificationsReadMutation: TypedDocumentNode<G.MarkAllNotificationsReadMutation, G.MarkAllNotificationsReadMutationVariables> = gql`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead {
      marked
      errors {
        field
        code
        message
      }
    }
  }
`;
