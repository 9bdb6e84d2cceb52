/** Products, shoppable links, campaigns, earnings and payouts. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type { Money } from "../money";
import { type Connection, type DateTime, type Market, PAGE_INFO, type PublicUser, USER_ERRORS, type UserError } from "./types";


// Products -------------------------------------------------------------------------------

export interface Product {
  id: string;
  brandId: string;
  sku: string;
  title: string;
  price: Money;
  productUrl: string;
  imageUrl: string | null;
  category: string | null;
  markets: Market[];
  createdAt: DateTime;
}

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
    category
    markets
    createdAt
  }
`;

export interface ProductsVariables {
  brandId?: string | null;
  first: number;
  after?: string | null;
}

export const ProductsQuery: TypedDocumentNode<{ products: Connection<Product> }, ProductsVariables> = gql`
  query Products($brandId: ID, $first: Int!, $after: String) {
    products(brandId: $brandId, first: $first, after: $after) {
      nodes {
        ...ProductFields
      }
      ${PAGE_INFO}
    }
  }
  ${PRODUCT_FIELDS}
`;

export const ProductQuery: TypedDocumentNode<{ product: Product | null }, { id: string }> = gql`
  query Product($id: ID!) {
    product(id: $id) {
      ...ProductFields
    }
  }
  ${PRODUCT_FIELDS}
`;

export interface CreateProductInput {
  sku: string;
  title: string;
  priceMinor: number;
  currency: string;
  productUrl: string;
  markets: Market[];
  imageUrl?: string | null;
  category?: string | null;
}

export const CreateProductMutation: TypedDocumentNode<
  { createProduct: { product: Product | null; errors: UserError[] } },
  { input: CreateProductInput }
> = gql`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      product {
        ...ProductFields
      }
      ${USER_ERRORS}
    }
  }
  ${PRODUCT_FIELDS}
`;

export interface ProductRowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

export interface ImportProductsPayload {
  rows: number;
  created: number;
  updated: number;
  rowErrors: ProductRowError[];
  errors: UserError[];
}

/** Sent as a multipart request when a file is picked (lib/upload.ts). */
export const ImportProductsMutation: TypedDocumentNode<
  { importProducts: ImportProductsPayload },
  { input: { file?: File | null; text?: string | null; format?: "CSV" | "JSON" | null } }
> = gql`
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
      ${USER_ERRORS}
    }
  }
`;

// Shoppable links ----------------------------------------------------------------------------

export interface ShoppableLink {
  id: string;
  code: string;
  url: string;
  productId: string;
  postId: string | null;
  campaignId: string | null;
  createdAt: DateTime;
  clicks: number;
  totalClicks: number;
  orders: number;
  conversionRate: number;
  product: Pick<Product, "id" | "title" | "imageUrl" | "price"> | null;
}

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

export const MyLinksQuery: TypedDocumentNode<
  { myLinks: Connection<ShoppableLink> },
  { first: number; after?: string | null }
> = gql`
  query MyLinks($first: Int!, $after: String) {
    myLinks(first: $first, after: $after) {
      nodes {
        ...LinkFields
      }
      ${PAGE_INFO}
    }
  }
  ${LINK_FIELDS}
`;

export const CreateShoppableLinkMutation: TypedDocumentNode<
  { createShoppableLink: { link: ShoppableLink | null; errors: UserError[] } },
  { input: { productId: string; postId?: string | null; campaignId?: string | null } }
> = gql`
  mutation CreateShoppableLink($input: CreateShoppableLinkInput!) {
    createShoppableLink(input: $input) {
      link {
        ...LinkFields
      }
      ${USER_ERRORS}
    }
  }
  ${LINK_FIELDS}
`;

// Campaigns ----------------------------------------------------------------------------------

export type CommissionRuleKind = "PERCENT" | "FLAT" | "FIXED_FEE";
export type CampaignStatus = "DRAFT" | "ACTIVE" | "ENDED";
export type MembershipStatus = "APPLIED" | "INVITED" | "APPROVED" | "DECLINED";

export interface CommissionRule {
  kind: CommissionRuleKind;
  basisPoints: number | null;
  amount: Money | null;
}

export interface Campaign {
  id: string;
  brandId: string;
  name: string;
  brief: string;
  markets: Market[];
  productIds: string[];
  startsAt: DateTime;
  endsAt: DateTime;
  budget: Money;
  spent: Money;
  remaining: Money;
  budgetExhausted: boolean;
  commissionRule: CommissionRule;
  attributionWindowDays: number;
  returnWindowDays: number;
  attributionModel: string;
  status: CampaignStatus;
  createdAt: DateTime;
}

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
      kind
      basisPoints
      amount {
        amountMinor
        currency
      }
    }
    attributionWindowDays
    returnWindowDays
    attributionModel
    status
    createdAt
  }
`;

export interface CampaignWithProducts extends Campaign {
  products: Pick<Product, "id" | "title" | "imageUrl" | "price">[];
}

export const OpenCampaignsQuery: TypedDocumentNode<
  { campaigns: Connection<CampaignWithProducts> },
  { market?: Market | null; first: number; after?: string | null }
> = gql`
  query OpenCampaigns($market: Market, $first: Int!, $after: String) {
    campaigns(market: $market, first: $first, after: $after) {
      nodes {
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
      ${PAGE_INFO}
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export const MyCampaignsQuery: TypedDocumentNode<
  { myCampaigns: Connection<Campaign> },
  { status?: CampaignStatus | null; first: number; after?: string | null }
> = gql`
  query MyCampaigns($status: CampaignStatus, $first: Int!, $after: String) {
    myCampaigns(status: $status, first: $first, after: $after) {
      nodes {
        ...CampaignFields
      }
      ${PAGE_INFO}
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export const CampaignQuery: TypedDocumentNode<{ campaign: CampaignWithProducts }, { id: string }> = gql`
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

export interface CreateCampaignInput {
  name: string;
  brief: string;
  markets: Market[];
  startsAt: DateTime;
  endsAt: DateTime;
  budgetMinor: number;
  currency: string;
  ruleKind: CommissionRuleKind;
  ruleBasisPoints?: number | null;
  ruleAmountMinor?: number | null;
  productIds: string[];
  attributionWindowDays?: number | null;
  returnWindowDays?: number | null;
  attributionModel?: string | null;
}

type CampaignPayload = { campaign: Campaign | null; errors: UserError[] };

export const CreateCampaignMutation: TypedDocumentNode<
  { createCampaign: CampaignPayload },
  { input: CreateCampaignInput }
> = gql`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      campaign {
        ...CampaignFields
      }
      ${USER_ERRORS}
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export const ActivateCampaignMutation: TypedDocumentNode<{ activateCampaign: CampaignPayload }, { id: string }> = gql`
  mutation ActivateCampaign($id: ID!) {
    activateCampaign(id: $id) {
      campaign {
        ...CampaignFields
      }
      ${USER_ERRORS}
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export const EndCampaignMutation: TypedDocumentNode<{ endCampaign: CampaignPayload }, { id: string }> = gql`
  mutation EndCampaign($id: ID!) {
    endCampaign(id: $id) {
      campaign {
        ...CampaignFields
      }
      ${USER_ERRORS}
    }
  }
  ${CAMPAIGN_FIELDS}
`;

export interface Membership {
  id: string;
  campaignId: string;
  influencerId: string;
  status: MembershipStatus;
  pitch: string;
  creatorCode: string | null;
  createdAt: DateTime;
  updatedAt: DateTime;
}

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

export const CampaignMembersQuery: TypedDocumentNode<
  { campaignMembers: Connection<Membership> },
  { campaignId: string; status?: MembershipStatus | null; first: number; after?: string | null }
> = gql`
  query CampaignMembers($campaignId: ID!, $status: MembershipStatus, $first: Int!, $after: String) {
    campaignMembers(campaignId: $campaignId, status: $status, first: $first, after: $after) {
      nodes {
        ...MembershipFields
      }
      ${PAGE_INFO}
    }
  }
  ${MEMBERSHIP_FIELDS}
`;

export interface MembershipWithCampaign extends Membership {
  campaign: Pick<Campaign, "id" | "name" | "status" | "endsAt" | "commissionRule" | "productIds"> | null;
}

export const MyMembershipsQuery: TypedDocumentNode<
  { myMemberships: Connection<MembershipWithCampaign> },
  { status?: MembershipStatus | null; first: number; after?: string | null }
> = gql`
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
            kind
            basisPoints
            amount {
              amountMinor
              currency
            }
          }
        }
      }
      ${PAGE_INFO}
    }
  }
  ${MEMBERSHIP_FIELDS}
`;

type MembershipPayload = { membership: Membership | null; errors: UserError[] };

export const ApplyToCampaignMutation: TypedDocumentNode<
  { applyToCampaign: MembershipPayload },
  { campaignId: string; pitch: string }
> = gql`
  mutation ApplyToCampaign($campaignId: ID!, $pitch: String!) {
    applyToCampaign(campaignId: $campaignId, pitch: $pitch) {
      membership {
        ...MembershipFields
      }
      ${USER_ERRORS}
    }
  }
  ${MEMBERSHIP_FIELDS}
`;

export const DecideApplicationMutation: TypedDocumentNode<
  { decideApplication: MembershipPayload },
  { membershipId: string; approve: boolean }
> = gql`
  mutation DecideApplication($membershipId: ID!, $approve: Boolean!) {
    decideApplication(membershipId: $membershipId, approve: $approve) {
      membership {
        ...MembershipFields
      }
      ${USER_ERRORS}
    }
  }
  ${MEMBERSHIP_FIELDS}
`;

export const PublicUserQuery: TypedDocumentNode<{ user: PublicUser | null }, { id: string }> = gql`
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

export interface EarningsTotals {
  currency: string;
  onHold: number;
  pending: number;
  approved: number;
  paid: number;
  reversed: number;
  rejected: number;
  clawbackDue: number;
  clawedBack: number;
  payable: number;
}

export interface DailyEarnings {
  currency: string;
  days: string[];
  onHold: number[];
  pending: number[];
  approved: number[];
  paid: number[];
  reversed: number[];
}

export interface EarningsGroup {
  id: string | null;
  totals: EarningsTotals;
}

export interface EarningsReport {
  start: string;
  end: string;
  totals: EarningsTotals[];
  daily: DailyEarnings[];
  byCampaign: EarningsGroup[];
  byLink: EarningsGroup[];
}

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
  }
`;

export const MyEarningsQuery: TypedDocumentNode<
  { myEarnings: EarningsReport },
  { from?: string | null; to?: string | null }
> = gql`
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
    }
  }
  ${TOTALS_FIELDS}
`;

export interface Payout {
  id: string;
  amount: Money;
  commissionCount: number;
  clawbackCount: number;
  runId: string;
  createdAt: DateTime;
}

export const MyPayoutsQuery: TypedDocumentNode<
  { myPayouts: Connection<Payout> },
  { first: number; after?: string | null }
> = gql`
  query MyPayouts($first: Int!, $after: String) {
    myPayouts(first: $first, after: $after) {
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
      ${PAGE_INFO}
    }
  }
`;
