/**
 * Creators and brands finding each other: applicants with their audience, inviting a creator
 * from their profile, answering an invitation, and what changed in a deliverable sent back.
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

/** What changed since the brand sent a deliverable back (null on a first submission). */
export type DeliverableChanges = G.DeliverableChangesFieldsFragment;
export type CaptionDiffPart = DeliverableChanges["caption"][number];
export type CreatorStats = G.CreatorStatsFieldsFragment;
export type Applicant = G.CampaignApplicantsQuery["campaignMembers"]["nodes"][number];
export type InviteTarget = G.InviteTargetsQuery["myCampaigns"]["nodes"][number];

export const DELIVERABLE_CHANGES_FIELDS = gql`
  fragment DeliverableChangesFields on DeliverableChanges {
    sinceNumber
    reason
    caption {
      kind
      text
    }
    captionChanged
    wordsAdded
    wordsRemoved
    hashtagsAdded
    hashtagsRemoved
    productsAdded {
      id
      title
    }
    productsRemoved {
      id
      title
    }
    unchanged
  }
`;

const CREATOR_STATS_FIELDS = gql`
  fragment CreatorStatsFields on CreatorStats {
    followerCount
    postCount
    recentPostCount
    engagementRate
    engagementNote
    pastCampaignCount
    pastRevenue {
      amountMinor
      currency
    }
    pastSpend {
      amountMinor
      currency
    }
    roas
    roasNote
  }
`;

/** A campaign's applicants and members with who they are and their audience (one request for the page). */
export const CampaignApplicantsQuery: TypedDocumentNode<G.CampaignApplicantsQuery, G.CampaignApplicantsQueryVariables> = gql`
  query CampaignApplicants($campaignId: ID!, $first: Int!, $after: String) {
    campaignMembers(campaignId: $campaignId, first: $first, after: $after) {
      nodes {
        id
        campaignId
        influencerId
        status
        pitch
        createdAt
        influencer {
          id
          handle
          displayName
          avatarUrl
        }
        audience {
          ...CreatorStatsFields
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${CREATOR_STATS_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

/** The brand's campaigns with where one creator stands in each: what "Invite to campaign" offers. */
export const InviteTargetsQuery: TypedDocumentNode<G.InviteTargetsQuery, G.InviteTargetsQueryVariables> = gql`
  query InviteTargets($influencerId: ID!, $first: Int!) {
    myCampaigns(first: $first) {
      nodes {
        id
        name
        status
        membershipOf(influencerId: $influencerId) {
          id
          status
        }
      }
    }
  }
`;

export const InviteToCampaignMutation: TypedDocumentNode<G.InviteToCampaignMutation, G.InviteToCampaignMutationVariables> = gql`
  mutation InviteToCampaign($campaignId: ID!, $influencerId: ID!) {
    inviteToCampaign(campaignId: $campaignId, influencerId: $influencerId) {
      membership {
        id
        campaignId
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

export const RespondToInvitationMutation: TypedDocumentNode<G.RespondToInvitationMutation, G.RespondToInvitationMutationVariables> = gql`
  mutation RespondToInvitation($membershipId: ID!, $accept: Boolean!) {
    respondToInvitation(membershipId: $membershipId, accept: $accept) {
      membership {
        id
        status
        creatorCode
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
