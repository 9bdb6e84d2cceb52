/** Attribution reports: one model, every model side by side, and the KOL leaderboard. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";
import { PAGE_INFO_FIELDS } from "./types";

export type { AttributionModel, LeaderboardOrder, ReportGroupBy } from "./generated/graphql";

/** Acquisition metrics; a ratio with nothing to divide by is null. */
export type Metrics = G.MetricsFieldsFragment;

/** One row of a report (an influencer, post, campaign or link: `channelId`, `label`) with its metrics. */
export type ReportRow = G.ReportRowFieldsFragment;

/** One model's totals, as the side-by-side comparison lists them. */
export type ModelTotals = G.CompareModelsQuery["compareModels"][number];

const METRICS = gql`
  fragment MetricsFields on AttributionMetrics {
    clicks
    uniqueVisitors
    conversions
    conversionRate
    revenue {
      amountMinor
      currency
    }
    averageOrderValue {
      amountMinor
      currency
    }
    returnRate
    newCustomers
    commission {
      amountMinor
      currency
    }
    spend {
      amountMinor
      currency
    }
    cac {
      amountMinor
      currency
    }
    roas
    cacSaving {
      amountMinor
      currency
    }
    saving {
      amountMinor
      currency
    }
  }
`;

const ROW_FIELDS = gql`
  fragment ReportRowFields on AttributionReportRow {
    clicks
    uniqueVisitors
    conversions
    conversionRate
    revenue { amountMinor currency }
    averageOrderValue { amountMinor currency }
    returnRate
    newCustomers
    commission { amountMinor currency }
    spend { amountMinor currency }
    cac { amountMinor currency }
    roas
    cacSaving { amountMinor currency }
    saving { amountMinor currency }
    channelId
    label
    link {
      id
      code
      label
    }
  }
`;

export const AttributionReportQuery: TypedDocumentNode<G.AttributionReportQuery, G.AttributionReportQueryVariables> = gql`
  query AttributionReport($groupBy: ReportGroupBy!, $model: AttributionModel, $from: Date, $to: Date, $campaignId: ID, $currency: String) {
    attributionReport(groupBy: $groupBy, model: $model, from: $from, to: $to, campaignId: $campaignId, currency: $currency) {
      model
      groupBy
      campaignId
      currency
      from
      to
      totals {
        ...MetricsFields
      }
      computedAt
      stale
      pending
      rows(first: 100, sortBy: REVENUE) {
        nodes {
          ...ReportRowFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
  ${METRICS}
  ${ROW_FIELDS}
  ${PAGE_INFO_FIELDS}
`;

export const CompareModelsQuery: TypedDocumentNode<G.CompareModelsQuery, G.CompareModelsQueryVariables> = gql`
  query CompareModels($groupBy: ReportGroupBy!, $from: Date, $to: Date, $campaignId: ID, $currency: String) {
    compareModels(groupBy: $groupBy, from: $from, to: $to, campaignId: $campaignId, currency: $currency) {
      model
      groupBy
      campaignId
      from
      to
      currency
      pending
      totals {
        ...MetricsFields
      }
      rows(first: 100, sortBy: REVENUE) {
        nodes {
          channelId
          label
          revenue {
            amountMinor
            currency
          }
          link {
            id
            code
            label
          }
        }
      }
    }
  }
  ${METRICS}
`;

/** A brand's report settings: its paid-ads baseline CAC and reporting currency. */
export type BrandSettings = NonNullable<G.BrandSettingsQuery["brandSettings"]>;

export const BrandSettingsQuery: TypedDocumentNode<G.BrandSettingsQuery, G.BrandSettingsQueryVariables> = gql`
  query BrandSettings {
    brandSettings {
      brandId
      baselineCac {
        amountMinor
        currency
      }
      currency
      updatedAt
    }
  }
`;

export const UpdateBrandSettingsMutation: TypedDocumentNode<G.UpdateBrandSettingsMutation, G.UpdateBrandSettingsMutationVariables> = gql`
  mutation UpdateBrandSettings($input: UpdateBrandSettingsInput!) {
    updateBrandSettings(input: $input) {
      settings {
        brandId
        baselineCac {
          amountMinor
          currency
        }
        currency
        updatedAt
      }
      errors {
        field
        code
        message
      }
    }
  }
`;

export const KolLeaderboardQuery: TypedDocumentNode<G.KolLeaderboardQuery, G.KolLeaderboardQueryVariables> = gql`
  query KolLeaderboard($by: LeaderboardOrder!, $model: AttributionModel, $from: Date, $to: Date, $campaignId: ID, $first: Int! = 10) {
    kolLeaderboard(by: $by, model: $model, from: $from, to: $to, campaignId: $campaignId, first: $first) {
      by
      model
      currency
      pending
      stale
      entries {
        ...ReportRowFields
      }
    }
  }
  ${ROW_FIELDS}
`;
