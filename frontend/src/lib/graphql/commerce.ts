/** Products, shoppable links, campaigns, earnings and payouts. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

export type { CampaignStatus, CommissionRuleKind, MembershipStatus } from "./generated/graphql";

// Products -------------------------------------------------------------------------------

export type Product = G.ProductFieldsFragment;

const PRODUCT_FIELDS = gql`
  fragment ProductFields on Product {
    id
    brandId
    sku
    title
    price {
      amountMinor
      currency
    }
    productUrl
    imageUrl
    thumbUrl
    hasUploadedImage
    category
    markets
    createdAt
    archived
    archivedAt
  }
`;

export const ProductsQuery: TypedDocumentNode<G.ProductsQuery, G.ProductsQueryVariables> = gql`
  query Products($brandId: ID, $first: Int!, $after: String, $search: String, $status: ProductListingStatus! = ACTIVE) {
    products(brandId: $brandId, first: $first, after: $after, search: $search, status: $status) {
      nodes {
        ...ProductFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${PRODUCT_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const ProductQuery: TypedDocumentNode<G.ProductQuery, G.ProductQueryVariables> = gql`
  query Product($id: ID!) {
    product(id: $id) {
      ...ProductFields
    }
  }
  ${PRODUCT_FIELDS}
`;

export const CreateProductMutation: TypedDocumentNode<G.CreateProductMutation, G.CreateProductMutationVariables> = gql`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      product {
        ...ProductFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${PRODUCT_FIELDS}
`;

/** The brand changes a product's fields (its SKU stays: it is the product at the shop). */
export const UpdateProductMutation: TypedDocumentNode<G.UpdateProductMutation, G.UpdateProductMutationVariables> = gql`
  mutation UpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      product {
        ...ProductFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${PRODUCT_FIELDS}
`;

/** Off sale: kept on existing posts as "no longer sold", refused for new tags, links and campaigns. */
export const ArchiveProductMutation: TypedDocumentNode<G.ArchiveProductMutation, G.ArchiveProductMutationVariables> = gql`
  mutation ArchiveProduct($id: ID!) {
    archiveProduct(id: $id) {
      product {
        ...ProductFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${PRODUCT_FIELDS}
`;

export const UnarchiveProductMutation: TypedDocumentNode<G.UnarchiveProductMutation, G.UnarchiveProductMutationVariables> = gql`
  mutation UnarchiveProduct($id: ID!) {
    unarchiveProduct(id: $id) {
      product {
        ...ProductFields
      }
      errors {
        field
        code
        message
      }
    }
  }
  ${PRODUCT_FIELDS}
`;

/** How many rows an import read, created and updated, and each row's problems. */
export type ImportProductsPayload = G.ImportProductsMutation["importProducts"];

/** Sent as a multipart request when a file is picked (lib/upload.ts). */
export const ImportProductsMutation: TypedDocumentNode<G.ImportProductsMutation, G.ImportProductsMutationVariables> = gql`
  mutation ImportProducts($input: ImportProductsInput!) {
    importProducts(input: $input) {
      rows
      created
      updated
      rowErrors {
        row
        field
        code
        message
      }
      errors {
        field        code        message
      }
    }
  }
`;

// Shoppable links ----------------------------------------------------------------------------

export type ShoppableLink = G.LinkFieldsFragment;

const LINK_FIELDS = gql`
  fragment LinkFields on ShoppableLink {
    id
    code
    url
    productId
    postId
    campaignId
    createdAt
    clicks
    totalClicks
    orders
    conversionRate
    label
    postCaption
    product {
      id
      title
      imageUrl
      price {
        amountMinor
        currency
      }
    }
  }
`;

export const MyLinksQuery: TypedDocumentNode<G.MyLinksQuery, G.MyLinksQueryVariables> = gql`
  query MyLinks($first: Int!, $after: String) {
    myLinks(first: $first, after: $after) {
      nodes {
        ...LinkFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${LINK_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const CreateShoppableLinkMutation: TypedDocumentNode<G.CreateShoppableLinkMutation, G.CreateShoppableLinkMutationVariables> = gql`
  mutation CreateShoppableLink($input: CreateShoppableLinkInput!) {
    createShoppableLink(input: $input) {
      link {
        ...LinkFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${LINK_FIELDS}
`;

// Campaigns ----------------------------------------------------------------------------------

/** PERCENT: `basisPoints` of the order; FLAT: `amount` per order; FIXED_FEE: `amount` per approved post. */
export type CommissionRule = G.CommissionRuleFieldsFragment;

/** How a campaign pays, selected the same way wherever a campaign is shown. */
export const COMMISSION_RULE_FIELDS = gql`
  fragment CommissionRuleFields on CommissionRule {
    kind
    basisPoints
    amount {
      amountMinor
      currency
    }
  }
`;

export type Campaign = G.CampaignFieldsFragment;

const CAMPAIGN_FIELDS = gql`
  fragment CampaignFields on Campaign {
    id
    brandId
    name
    brief
    markets
    productIds
    startsAt
    endsAt
    budget {
      amountMinor
      currency
    }
    spent {
      amountMinor
      currency
    }
    remaining {
      amountMinor
      currency
    }
    budgetExhausted
    commissionRule {
      ...CommissionRuleFields
    }
    attributionWindowDays
    returnWindowDays
    attributionModel
    status
    createdAt
  }
  ${COMMISSION_RULE_FIELDS}
`;

/** A campaign with the products it promotes (the open campaigns, one campaign's page). */
export type CampaignWithProducts = G.OpenCampaignsQuery["campaigns"]["nodes"][number];

export const OpenCampaignsQuery: TypedDocumentNode<G.OpenCampaignsQuery, G.OpenCampaignsQueryVariables> = gql`
  query OpenCampaigns($market: Market, $first: Int!, $after: String) {
    campaigns(market: $market, first: $first, after: $after) {
      nodes {
        ...CampaignFields
        brand {
          id
          displayName
          avatarUrl
        }
        products {
          id
          title
          imageUrl
          thumbUrl
          price {
            amountMinor
            currency
          }
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${CAMPAIGN_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const MyCampaignsQuery: TypedDocumentNode<G.MyCampaignsQuery, G.MyCampaignsQueryVariables> = gql`
  query MyCampaigns($status: CampaignStatus, $first: Int!, $after: String) {
    myCampaigns(status: $status, first: $first, after: $after) {
      nodes {
        ...CampaignFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${CAMPAIGN_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const CampaignQuery: TypedDocumentNode<G.CampaignQuery, G.CampaignQueryVariables> = gql`
  query Campaign($id: ID!) {
    campaign(id: $id) {
      ...CampaignFields
      products {
        id
        title
        imageUrl
        price {
          amountMinor
          currency
        }
      }
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export const CreateCampaignMutation: TypedDocumentNode<G.CreateCampaignMutation, G.CreateCampaignMutationVariables> = gql`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      campaign {
        ...CampaignFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export const ActivateCampaignMutation: TypedDocumentNode<G.ActivateCampaignMutation, G.ActivateCampaignMutationVariables> = gql`
  mutation ActivateCampaign($id: ID!) {
    activateCampaign(id: $id) {
      campaign {
        ...CampaignFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export const EndCampaignMutation: TypedDocumentNode<G.EndCampaignMutation, G.EndCampaignMutationVariables> = gql`
  mutation EndCampaign($id: ID!) {
    endCampaign(id: $id) {
      campaign {
        ...CampaignFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${CAMPAIGN_FIELDS}
`;

/** An influencer's place in a campaign: applied, invited, approved or declined. */
export type Membership = G.MembershipFieldsFragment;

const MEMBERSHIP_FIELDS = gql`
  fragment MembershipFields on CampaignMembership {
    id
    campaignId
    influencerId
    status
    pitch
    creatorCode
    createdAt
    updatedAt
  }
`;

export const CampaignMembersQuery: TypedDocumentNode<G.CampaignMembersQuery, G.CampaignMembersQueryVariables> = gql`
  query CampaignMembers($campaignId: ID!, $status: MembershipStatus, $first: Int!, $after: String) {
    campaignMembers(campaignId: $campaignId, status: $status, first: $first, after: $after) {
      nodes {
        ...MembershipFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${MEMBERSHIP_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export type MembershipWithCampaign = G.MyMembershipsQuery["myMemberships"]["nodes"][number];

export const MyMembershipsQuery: TypedDocumentNode<G.MyMembershipsQuery, G.MyMembershipsQueryVariables> = gql`
  query MyMemberships($status: MembershipStatus, $first: Int!, $after: String) {
    myMemberships(status: $status, first: $first, after: $after) {
      nodes {
        ...MembershipFields
        campaign {
          id
          name
          status
          endsAt
          productIds
          commissionRule {
            ...CommissionRuleFields
          }
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${MEMBERSHIP_FIELDS}
  ${COMMISSION_RULE_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const ApplyToCampaignMutation: TypedDocumentNode<G.ApplyToCampaignMutation, G.ApplyToCampaignMutationVariables> = gql`
  mutation ApplyToCampaign($campaignId: ID!, $pitch: String!) {
    applyToCampaign(campaignId: $campaignId, pitch: $pitch) {
      membership {
        ...MembershipFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${MEMBERSHIP_FIELDS}
`;

export const DecideApplicationMutation: TypedDocumentNode<G.DecideApplicationMutation, G.DecideApplicationMutationVariables> = gql`
  mutation DecideApplication($membershipId: ID!, $approve: Boolean!) {
    decideApplication(membershipId: $membershipId, approve: $approve) {
      membership {
        ...MembershipFields
      }
      errors {
        field        code        message
      }
    }
  }
  ${MEMBERSHIP_FIELDS}
`;

export const PublicUserQuery: TypedDocumentNode<G.PublicUserQuery, G.PublicUserQueryVariables> = gql`
  query PublicUser($id: ID!) {
    user(id: $id) {
      id
      displayName
      bio
      avatarUrl
      homeMarket
      role
      createdAt
    }
  }
`;

// Earnings and payouts -----------------------------------------------------------------------

/** One currency's commissions by state, in minor units. */
export type EarningsTotals = G.TotalsFieldsFragment;

/** One currency's earnings per day by state, in minor units: `days[i]` goes with each list's `i`. */
export type DailyEarnings = G.MyEarningsQuery["myEarnings"]["daily"][number];

/** The totals of one campaign or one link (`id`; null: none). */
export type EarningsGroup = G.MyEarningsQuery["myEarnings"]["byCampaign"][number];

const TOTALS_FIELDS = gql`
  fragment TotalsFields on EarningsTotals {
    currency
    onHold
    pending
    approved
    paid
    reversed
    rejected
    clawbackDue
    clawedBack
    payable
    paidOut
  }
`;

export const MyEarningsQuery: TypedDocumentNode<G.MyEarningsQuery, G.MyEarningsQueryVariables> = gql`
  query MyEarnings($from: Date, $to: Date) {
    myEarnings(from: $from, to: $to) {
      start
      end
      totals {
        ...TotalsFields
      }
      daily {
        currency
        days
        onHold
        pending
        approved
        paid
        reversed
      }
      byCampaign {
        id
        totals {
          ...TotalsFields
        }
      }
      byLink {
        id
        totals {
          ...TotalsFields
        }
      }
      paidOut {
        currency
        amount
        payouts
      }
      traffic {
        campaignId
        linkId
        clicks
        orders
      }
    }
  }
  ${TOTALS_FIELDS}
`;

/** Clicks and credited orders of one link (or of orders with no link) in the report's range. */
export type LinkTraffic = G.MyEarningsQuery["myEarnings"]["traffic"][number];

/** The payouts made in the report's range, in one currency. */
export type PaidOut = G.MyEarningsQuery["myEarnings"]["paidOut"][number];

export const MyPayoutsQuery: TypedDocumentNode<G.MyPayoutsQuery, G.MyPayoutsQueryVariables> = gql`
  query MyPayouts($first: Int!, $after: String, $from: Date, $to: Date) {
    myPayouts(first: $first, after: $after, from: $from, to: $to) {
      nodes {
        id
        amount {
          amountMinor
          currency
        }
        commissionCount
        clawbackCount
        runId
        createdAt
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`;
