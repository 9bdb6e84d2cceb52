/** Attribution reports: one model, every model side by side, and the KOL leaderboard. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type { Money } from "../money";
import type { AttributionModel } from "../reports";
import { type Connection, PAGE_INFO } from "./types";

export type ReportGroupBy = "INFLUENCER" | "POST" | "CAMPAIGN" | "LINK";
export type LeaderboardOrder = "ROAS" | "CAC";

export interface Metrics {
  clicks: number;
  uniqueVisitors: number;
  conversions: number;
  conversionRate: number | null;
  revenue: Money;
  averageOrderValue: Money | null;
  returnRate: number | null;
  newCustomers: number;
  commission: Money;
  spend: Money;
  cac: Money | null;
  roas: number | null;
  cacSaving: Money | null;
}

export interface ReportRow extends Metrics {
  channelId: string | null;
  label: string | null;
}

export interface AttributionReport {
  model: AttributionModel;
  groupBy: ReportGroupBy;
  campaignId: string | null;
  currency: string;
  from: string;
  to: string;
  totals: Metrics;
  computedAt: string | null;
  stale: boolean;
  pending: boolean;
  rows: Connection<ReportRow>;
}

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
  }
`;

const ROW = `
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
  channelId
  label
`;

export interface ReportVariables {
  groupBy: ReportGroupBy;
  model?: AttributionModel | null;
  from?: string | null;
  to?: string | null;
  campaignId?: string | null;
  /** Orders in this currency are counted; default: the campaign's or brand's, else USD. */
  currency?: string | null;
}

export const AttributionReportQuery: TypedDocumentNode<{ attributionReport: AttributionReport }, ReportVariables> = gql`
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
          ${ROW}
        }
        ${PAGE_INFO}
      }
    }
  }
  ${METRICS}
`;

export type ModelTotals = Pick<AttributionReport, "model" | "currency" | "pending" | "totals">;

export const CompareModelsQuery: TypedDocumentNode<{ compareModels: ModelTotals[] }, Omit<ReportVariables, "model">> = gql`
  query CompareModels($groupBy: ReportGroupBy!, $from: Date, $to: Date, $campaignId: ID, $currency: String) {
    compareModels(groupBy: $groupBy, from: $from, to: $to, campaignId: $campaignId, currency: $currency) {
      model
      currency
      pending
      totals {
        ...MetricsFields
      }
    }
  }
  ${METRICS}
`;

export interface Leaderboard {
  by: LeaderboardOrder;
  model: AttributionModel;
  currency: string;
  entries: ReportRow[];
  pending: boolean;
  stale: boolean;
}

export const KolLeaderboardQuery: TypedDocumentNode<
  { kolLeaderboard: Leaderboard },
  { by: LeaderboardOrder; model?: AttributionModel | null; from?: string | null; to?: string | null; campaignId?: string | null; first?: number }
> = gql`
  query KolLeaderboard($by: LeaderboardOrder!, $model: AttributionModel, $from: Date, $to: Date, $campaignId: ID, $first: Int! = 10) {
    kolLeaderboard(by: $by, model: $model, from: $from, to: $to, campaignId: $campaignId, first: $first) {
      by
      model
      currency
      pending
      stale
      entries {
        ${ROW}
      }
    }
  }
`;
