/**
 * Suppliers: the supplier's portal (its purchase orders, payments and grade) and the brand's side
 * (scorecards, the purchase-order board, the payables schedule, a drop's lead time).
 */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";

export type { PayableState, PurchaseOrderState, SupplierGrade } from "./generated/graphql";

export type PurchaseOrder = G.PurchaseOrderFieldsFragment;
export type Payable = G.PayableFieldsFragment;
export type GradeReport = G.GradeReportFieldsFragment;
export type SupplierCard = G.SuppliersQuery["suppliers"]["nodes"][number];
export type Schedule = G.PayablesScheduleFieldsFragment;


const PURCHASE_ORDER_FIELDS = gql`
  fragment PurchaseOrderFields on PurchaseOrder {
    id
    supplierId
    category
    currency
    state
    dueDate
    ordered
    shipped
    late
    amount { amountMinor currency }
    issuedAt
    acceptedAt
    declinedAt
    declineReason
    productionStartedAt
    firstShippedAt
    receivedAt
    listedAt
    batchNumber
    dropId
    allocationReason
    lines {
      sku
      quantity
      unitCost { amountMinor currency }
      amount { amountMinor currency }
      sizes { size quantity }
    }
    shipments { key quantity at }
    receipt { passed defective received reason delivery difference }
    supplier { id name grade }
    leadTime { elapsedDays totalDays targetDays onTarget }
  }
`;

const PAYABLE_FIELDS = gql`
  fragment PayableFields on Payable {
    purchaseOrderId
    supplierId
    state
    amount { amountMinor currency }
    discount { amountMinor currency }
    paid { amountMinor currency }
    balance { amountMinor currency }
    pieces
    grade
    termsDays
    dueDate
    originalDueDate
    requestedPayDate
    discountBps
    createdAt
    paidAt
    supplier { id name }
  }
`;

const SCHEDULE_FIELDS = gql`
  fragment PayablesScheduleFields on PayablesSchedule {
    openBalanceMinor
    currency
    overdue
    payables {
      nodes { ...PayableFields }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${PAYABLE_FIELDS}
`;

const GRADE_REPORT_FIELDS = gql`
  fragment GradeReportFields on SupplierGradeReport {
    supplierId
    period
    grade
    scoreGrade
    previousGrade
    score
    purchaseAmountMinor
    termsDays
    reasons
    nextGrade
    stored
    computedAt
    kpis {
      orders
      declined
      due
      onTime
      onTimeRate
      receivedOrders
      leadDaysMean
      leadDaysP90
      acceptanceHoursMean
      fillRate
      defectRate
      defects
      piecesReceived
      costIndex
      purchaseAmountMinor
    }
    components { name label raw score weight contribution effect evidence }
    improvements { component message target }
  }
`;

// ---- The supplier's portal ----

export const MySupplierQuery: TypedDocumentNode<G.MySupplierQuery, G.MySupplierQueryVariables> = gql`
  query MySupplier {
    mySupplier {
      id
      name
      grade
      termsDays
      currency
      acceptsOrders
    }
  }
`;

export const MyPurchaseOrdersQuery: TypedDocumentNode<G.MyPurchaseOrdersQuery, G.MyPurchaseOrdersQueryVariables> = gql`
  query MyPurchaseOrders($filter: PurchaseOrdersFilter, $first: Int!, $after: String) {
    myPurchaseOrders(filter: $filter, first: $first, after: $after) {
      nodes { ...PurchaseOrderFields }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const MyPayablesQuery: TypedDocumentNode<G.MyPayablesQuery, G.MyPayablesQueryVariables> = gql`
  query MyPayables($states: [PayableState!], $dueFrom: Date, $dueTo: Date, $first: Int!) {
    myPayables(states: $states, dueFrom: $dueFrom, dueTo: $dueTo, first: $first) { ...PayablesScheduleFields }
  }
  ${SCHEDULE_FIELDS}
`;

export const MyGradeQuery: TypedDocumentNode<G.MyGradeQuery, G.MyGradeQueryVariables> = gql`
  query MyGrade {
    myGrade { ...GradeReportFields }
    mySupplier {
      id
      name
      grade
      termsDays
      currency
      gradeHistory { period grade score termsDays }
    }
  }
  ${GRADE_REPORT_FIELDS}
`;

export const AcceptPurchaseOrderMutation: TypedDocumentNode<G.AcceptPurchaseOrderMutation, G.AcceptPurchaseOrderMutationVariables> = gql`
  mutation AcceptPurchaseOrder($id: ID!) {
    acceptPurchaseOrder(id: $id) { purchaseOrder { ...PurchaseOrderFields } errors { field code message } }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const DeclinePurchaseOrderMutation: TypedDocumentNode<G.DeclinePurchaseOrderMutation, G.DeclinePurchaseOrderMutationVariables> = gql`
  mutation DeclinePurchaseOrder($id: ID!, $reason: String!) {
    declinePurchaseOrder(id: $id, reason: $reason) { purchaseOrder { ...PurchaseOrderFields } errors { field code message } }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const StartProductionMutation: TypedDocumentNode<G.StartProductionMutation, G.StartProductionMutationVariables> = gql`
  mutation StartProduction($id: ID!) {
    startProduction(id: $id) { purchaseOrder { ...PurchaseOrderFields } errors { field code message } }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const ShipPurchaseOrderMutation: TypedDocumentNode<G.ShipPurchaseOrderMutation, G.ShipPurchaseOrderMutationVariables> = gql`
  mutation ShipPurchaseOrder($id: ID!, $quantity: Int!, $key: String!) {
    shipPurchaseOrder(id: $id, quantity: $quantity, key: $key) { purchaseOrder { ...PurchaseOrderFields } errors { field code message } }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const RequestEarlyPaymentMutation: TypedDocumentNode<G.RequestEarlyPaymentMutation, G.RequestEarlyPaymentMutationVariables> = gql`
  mutation RequestEarlyPayment($purchaseOrderId: ID!, $payOn: Date!) {
    requestEarlyPayment(purchaseOrderId: $purchaseOrderId, payOn: $payOn) { payable { ...PayableFields } errors { field code message } }
  }
  ${PAYABLE_FIELDS}
`;

// ---- The brand's side ----

export const SuppliersQuery: TypedDocumentNode<G.SuppliersQuery, G.SuppliersQueryVariables> = gql`
  query Suppliers($category: String, $first: Int!) {
    suppliers(category: $category, first: $first) {
      nodes {
        id
        name
        categories
        grade
        gradeScore
        termsDays
        acceptsOrders
        minOrder
        currency
        capacities { category piecesPerWeek }
        scorecard { ...GradeReportFields }
        gradeHistory { period grade score termsDays }
      }
    }
  }
  ${GRADE_REPORT_FIELDS}
`;

export const PurchaseOrdersQuery: TypedDocumentNode<G.PurchaseOrdersQuery, G.PurchaseOrdersQueryVariables> = gql`
  query PurchaseOrders($filter: PurchaseOrdersFilter, $first: Int!, $after: String) {
    purchaseOrders(filter: $filter, first: $first, after: $after) {
      nodes { ...PurchaseOrderFields }
      pageInfo { hasNextPage endCursor }
    }
    purchaseOrderBoard { state count }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const PayablesScheduleQuery: TypedDocumentNode<G.PayablesScheduleQuery, G.PayablesScheduleQueryVariables> = gql`
  query PayablesSchedule($states: [PayableState!], $dueFrom: Date, $dueTo: Date, $first: Int!) {
    payablesSchedule(states: $states, dueFrom: $dueFrom, dueTo: $dueTo, first: $first) { ...PayablesScheduleFields }
  }
  ${SCHEDULE_FIELDS}
`;

export const ReceivePurchaseOrderMutation: TypedDocumentNode<G.ReceivePurchaseOrderMutation, G.ReceivePurchaseOrderMutationVariables> = gql`
  mutation ReceivePurchaseOrder($id: ID!, $passed: Int!, $defective: Int!, $key: String!, $reason: String) {
    receivePurchaseOrder(id: $id, passed: $passed, defective: $defective, key: $key, reason: $reason) {
      purchaseOrder { ...PurchaseOrderFields }
      errors { field code message }
    }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const MarkListedMutation: TypedDocumentNode<G.MarkListedMutation, G.MarkListedMutationVariables> = gql`
  mutation MarkListed($id: ID!) {
    markListed(id: $id) { purchaseOrder { ...PurchaseOrderFields } errors { field code message } }
  }
  ${PURCHASE_ORDER_FIELDS}
`;

export const ApproveEarlyPaymentMutation: TypedDocumentNode<G.ApproveEarlyPaymentMutation, G.ApproveEarlyPaymentMutationVariables> = gql`
  mutation ApproveEarlyPayment($purchaseOrderId: ID!) {
    approveEarlyPayment(purchaseOrderId: $purchaseOrderId) { payable { ...PayableFields } errors { field code message } }
  }
  ${PAYABLE_FIELDS}
`;

export const MarkPayablePaidMutation: TypedDocumentNode<G.MarkPayablePaidMutation, G.MarkPayablePaidMutationVariables> = gql`
  mutation MarkPayablePaid($purchaseOrderId: ID!) {
    markPayablePaid(purchaseOrderId: $purchaseOrderId) { payable { ...PayableFields } errors { field code message } }
  }
  ${PAYABLE_FIELDS}
`;

export const RecomputeGradesMutation: TypedDocumentNode<G.RecomputeGradesMutation, G.RecomputeGradesMutationVariables> = gql`
  mutation RecomputeGrades {
    recomputeSupplierGrades { grades { supplierId grade } errors { field code message } }
  }
`;

/** A drop's design-to-listing lead time, and who makes its pieces. */
export const DropSupplyQuery: TypedDocumentNode<G.DropSupplyQuery, G.DropSupplyQueryVariables> = gql`
  query DropSupply($dropId: ID!) {
    dropLeadTime(dropId: $dropId) {
      dropId
      orders
      listedOrders
      toFirstListingDays
      toLastListingDays
      elapsedDays
      targetDays
      onTarget
    }
    purchaseOrders(filter: { dropId: $dropId }, first: 50) {
      nodes {
        id
        state
        ordered
        productId
        batchNumber
        supplier { id name grade }
      }
    }
  }
`;
