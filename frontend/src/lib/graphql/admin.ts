/**
 * The admin's work on money and moderation (the moderation queue, held commissions,
 * adjustments, payout runs), and every account's notification inbox.
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type { Money } from "../money";
import type { PostAuthor, PostStatus } from "./posts";
import { AUTHOR, type Connection, type DateTime, PAGE_INFO, USER_ERRORS, type UserError } from "./types";

// --- moderation ------------------------------------------------------------------------------

export type ModerationDecision = "APPROVE" | "HIDE" | "REMOVE";
export const MODERATION_DECISIONS: readonly ModerationDecision[] = ["APPROVE", "HIDE", "REMOVE"];

export interface ModerationImage {
  width: number;
  height: number;
  /** FEED variant (1080 px long edge). */
  url: string;
  /** THUMB variant (320 px). */
  thumb: string;
}

export interface LikelyRepost {
  imageIndex: number;
  originalPostId: string;
  originalImageIndex: number;
  /** Perceptual-hash bits apart (0 = identical). */
  distance: number;
}

export interface PostModeration {
  needsReview: boolean;
  /** REPORTED, LIKELY_REPOST. */
  reasons: string[];
  openReportCount: number;
}

export interface ModerationPost {
  id: string;
  caption: string;
  status: PostStatus;
  createdAt: DateTime;
  author: PostAuthor | null;
  images: ModerationImage[];
  imageCount: number;
  likelyRepost: LikelyRepost | null;
  moderation: PostModeration | null;
}

/** What a moderator sees of any post: who posted what, and its photos. */
const MODERATED_POST = `
  id
  caption
  status
  createdAt
  ${AUTHOR}
  images {
    width
    height
    url(variant: FEED)
    thumb: url(variant: THUMB)
  }
`;

const MODERATION_POST_FIELDS = gql`
  fragment ModerationPostFields on Post {
    ${MODERATED_POST}
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
    }
  }
`;

export const ModerationQueueQuery: TypedDocumentNode<
  { moderationQueue: Connection<ModerationPost> },
  { first: number; after?: string | null }
> = gql`
  query ModerationQueue($first: Int!, $after: String) {
    moderationQueue(first: $first, after: $after) {
      nodes {
        ...ModerationPostFields
      }
      ${PAGE_INFO}
    }
  }
  ${MODERATION_POST_FIELDS}
`;

/** The earlier post a likely repost resembles, to show beside it. */
export interface OriginalPost {
  id: string;
  caption: string;
  status: PostStatus;
  createdAt: DateTime;
  author: PostAuthor | null;
  images: ModerationImage[];
}

export const OriginalPostQuery: TypedDocumentNode<{ post: OriginalPost | null }, { id: string }> = gql`
  query ModerationOriginalPost($id: ID!) {
    post(id: $id) {
      ${MODERATED_POST}
    }
  }
`;

export interface ModeratePostVariables {
  id: string;
  decision: ModerationDecision;
  note?: string | null;
}

export const ModeratePostMutation: TypedDocumentNode<
  { moderatePost: { post: { id: string; status: PostStatus } | null; errors: UserError[] } },
  ModeratePostVariables
> = gql`
  mutation ModeratePost($id: ID!, $decision: ModerationDecision!, $note: String) {
    moderatePost(id: $id, decision: $decision, note: $note) {
      post {
        id
        status
      }
      ${USER_ERRORS}
    }
  }
`;

// --- money -----------------------------------------------------------------------------------

export type CommissionState = "ON_HOLD" | "PENDING" | "APPROVED" | "PAID" | "REVERSED" | "REJECTED";
export type HoldReason = "SELF_PURCHASE" | "FLAGGED_SOURCE";
export type AdjustmentReason = "FRAUD" | "DUPLICATE" | "TERMS_VIOLATION" | "TRACKING_ERROR";
export const ADJUSTMENT_REASONS: readonly AdjustmentReason[] = ["FRAUD", "DUPLICATE", "TERMS_VIOLATION", "TRACKING_ERROR"];

/** The influencer a commission or a payout is for, as a row names them. */
export interface InfluencerRef {
  id: string;
  displayName: string;
}

export interface HeldCommission {
  id: string;
  influencerId: string;
  /** Null when the account is gone. */
  influencer: InfluencerRef | null;
  state: CommissionState;
  amount: Money;
  original: Money;
  holdReason: HoldReason | null;
  orderId: string | null;
  campaignId: string | null;
  createdAt: DateTime;
}

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
  }
`;

export const HeldCommissionsQuery: TypedDocumentNode<
  { heldCommissions: Connection<HeldCommission> },
  { first: number; after?: string | null; waiting: boolean }
> = gql`
  query HeldCommissions($first: Int!, $after: String, $waiting: Boolean!) {
    heldCommissions(first: $first, after: $after, waiting: $waiting) {
      nodes {
        ...HeldCommissionFields
      }
      ${PAGE_INFO}
    }
  }
  ${COMMISSION_FIELDS}
`;

export interface CommissionPayload {
  commission: HeldCommission | null;
  errors: UserError[];
}

export const ReleaseHoldMutation: TypedDocumentNode<{ releaseHold: CommissionPayload }, { commissionId: string }> = gql`
  mutation ReleaseHold($commissionId: ID!) {
    releaseHold(commissionId: $commissionId) {
      commission {
        ...HeldCommissionFields
      }
      ${USER_ERRORS}
    }
  }
  ${COMMISSION_FIELDS}
`;

export const RejectHoldMutation: TypedDocumentNode<{ rejectHold: CommissionPayload }, { commissionId: string }> = gql`
  mutation RejectHold($commissionId: ID!) {
    rejectHold(commissionId: $commissionId) {
      commission {
        ...HeldCommissionFields
      }
      ${USER_ERRORS}
    }
  }
  ${COMMISSION_FIELDS}
`;

/** An influencer as the adjustment form's picker lists them. */
export interface Influencer {
  id: string;
  displayName: string;
  email: string;
  avatarUrl: string | null;
}

export const InfluencersQuery: TypedDocumentNode<
  { users: Connection<Influencer> },
  { first: number; after?: string | null }
> = gql`
  query AdminInfluencers($first: Int!, $after: String) {
    users(role: INFLUENCER, first: $first, after: $after) {
      nodes {
        id
        displayName
        email
        avatarUrl
      }
      ${PAGE_INFO}
    }
  }
`;

export interface PostAdjustmentInput {
  influencerId: string;
  /** Negative: money taken back. */
  amountMinor: number;
  currency: string;
  reason: AdjustmentReason;
  /** Idempotency key: one per opening of the form. */
  requestId: string;
  note?: string | null;
}

export interface Adjustment {
  id: string;
  influencerId: string;
  amount: Money;
  reason: AdjustmentReason;
  note: string | null;
  createdAt: DateTime;
}

export const PostAdjustmentMutation: TypedDocumentNode<
  { postAdjustment: { adjustment: Adjustment | null; errors: UserError[] } },
  { input: PostAdjustmentInput }
> = gql`
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
      ${USER_ERRORS}
    }
  }
`;

export interface PayoutMade {
  id: string;
  influencerId: string;
  /** Null when the account is gone. */
  influencer: InfluencerRef | null;
  amount: Money;
  commissionCount: number;
  clawbackCount: number;
  runId: string;
  createdAt: DateTime;
}

export interface RunPayoutsPayload {
  payouts: PayoutMade[];
  /** The smallest payout, in minor units of each currency: smaller balances carry over. */
  minimumMinor: number;
  errors: UserError[];
}

export const RunPayoutsMutation: TypedDocumentNode<
  { runPayouts: RunPayoutsPayload },
  { input: { runId: string } }
> = gql`
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
      ${USER_ERRORS}
    }
  }
`;

// --- notifications (every account) ---------------------------------------------------------------

export interface AppNotification {
  id: string;
  kind: string;
  message: string;
  createdAt: DateTime;
  read: boolean;
  campaignId: string | null;
  testDropId: string | null;
  productId: string | null;
  /** The post a deliverable notice is about. */
  postId: string | null;
}

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

export const MyNotificationsQuery: TypedDocumentNode<
  { myNotifications: Connection<AppNotification> },
  { first: number }
> = gql`
  query MyNotifications($first: Int!) {
    myNotifications(first: $first) {
      nodes {
        ...NotificationFields
      }
      ${PAGE_INFO}
    }
  }
  ${NOTIFICATION_FIELDS}
`;

export const MarkNotificationReadMutation: TypedDocumentNode<
  { markNotificationRead: { notification: AppNotification | null; errors: UserError[] } },
  { id: string }
> = gql`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      notification {
        ...NotificationFields
      }
      ${USER_ERRORS}
    }
  }
  ${NOTIFICATION_FIELDS}
`;

/** The bell's badge: asked on its own, so the count covers every unread notice, not one page. */
export const UnreadNotificationCountQuery: TypedDocumentNode<{ unreadNotificationCount: number }, Record<string, never>> = gql`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`;

export const MarkAllNotificationsReadMutation: TypedDocumentNode<
  { markAllNotificationsRead: { marked: number; errors: UserError[] } },
  Record<string, never>
> = gql`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead {
      marked
      ${USER_ERRORS}
    }
  }
`;
