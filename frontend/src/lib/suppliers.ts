/**
 * The supplier screens' arithmetic and wording: grades and their tones, what each side may do to
 * a purchase order in each state, how much is left to ship, lead time against the target, KPI
 * figures, a grade history as a chart series and a drop's split across its suppliers.
 */
import type { PayableState, PurchaseOrderState, SupplierGrade } from "./graphql/generated/graphql";

export const GRADES: readonly SupplierGrade[] = ["S", "A", "B", "C", "D"];

/** Height of a grade on a chart: S 5 … D 1. */
export function gradeLevel(grade: SupplierGrade): number {
  return GRADES.length - GRADES.indexOf(grade);
}

export function gradeFromLevel(level: number): SupplierGrade | null {
  const index = GRADES.length - Math.round(level);
  return GRADES[index] ?? null;
}

export type Tone = "green" | "blue" | "amber" | "red" | "neutral";

export const GRADE_TONE: Record<SupplierGrade, Tone> = { S: "green", A: "green", B: "blue", C: "amber", D: "red" };

const GRADE_MEANING: Record<SupplierGrade, string> = {
  S: "Best: first in line for orders",
  A: "Good: preferred for orders",
  B: "Standard: orders capped",
  C: "On probation: small share of orders",
  D: "No new orders",
};

export function gradeMeaning(grade: SupplierGrade): string {
  return GRADE_MEANING[grade];
}

/** "Paid 15 days after receipt", the terms a grade gives. */
export function termsWords(days: number): string {
  return days === 1 ? "Paid 1 day after receipt" : `Paid ${days} days after receipt`;
}

export const PO_STATE_LABELS: Record<PurchaseOrderState, string> = {
  ISSUED: "New",
  ACCEPTED: "Accepted",
  DECLINED: "Declined",
  IN_PRODUCTION: "In production",
  SHIPPED: "Shipped",
  RECEIVED: "Received",
  LISTED: "Listed",
};

export const PO_STATE_TONE: Record<PurchaseOrderState, Tone> = {
  ISSUED: "blue",
  ACCEPTED: "blue",
  DECLINED: "red",
  IN_PRODUCTION: "amber",
  SHIPPED: "amber",
  RECEIVED: "green",
  LISTED: "green",
};

/** The board's columns, in the order an order moves through them. */
export const PO_STATES: readonly PurchaseOrderState[] = ["ISSUED", "ACCEPTED", "IN_PRODUCTION", "SHIPPED", "RECEIVED", "LISTED", "DECLINED"];

/** States a supplier still has work in. */
export const OPEN_PO_STATES: readonly PurchaseOrderState[] = ["ISSUED", "ACCEPTED", "IN_PRODUCTION", "SHIPPED"];

export type SupplierAction = "accept" | "decline" | "start" | "ship";
export type BrandAction = "receive" | "list";

interface Shippable {
  state: PurchaseOrderState;
  ordered: number;
  shipped: number;
}

/** Pieces not shipped yet (never below zero: an over-shipment leaves nothing to ship). */
export function remainingToShip(order: Pick<Shippable, "ordered" | "shipped">): number {
  return Math.max(0, order.ordered - order.shipped);
}

/**
 * What the supplier may do next. Shipping is offered in production and, while pieces remain,
 * after a first partial shipment; nothing moves an order backwards.
 */
export function supplierActions(order: Shippable): SupplierAction[] {
  switch (order.state) {
    case "ISSUED":
      return ["accept", "decline"];
    case "ACCEPTED":
      return ["start"];
    case "IN_PRODUCTION":
      return ["ship"];
    case "SHIPPED":
      return remainingToShip(order) > 0 ? ["ship"] : [];
    default:
      return [];
  }
}

/** What the brand may do next: receive a shipment with its quality check, list what passed. */
export function brandActions(state: PurchaseOrderState): BrandAction[] {
  if (state === "SHIPPED") return ["receive"];
  if (state === "RECEIVED") return ["list"];
  return [];
}

export interface QcInput {
  passed: number;
  defective: number;
  reason: string;
}

/** Checks a quality-check form: whole numbers, something received, a reason for defects. */
export function qcProblem({ passed, defective, reason }: QcInput): string | null {
  if (!Number.isInteger(passed) || !Number.isInteger(defective) || passed < 0 || defective < 0) {
    return "Enter whole numbers of pieces.";
  }
  if (passed + defective === 0) return "Enter the pieces received.";
  if (defective > 0 && reason.trim() === "") return "Say what was wrong with the defective pieces.";
  return null;
}

/** Checks a shipment's size: a whole number of pieces, at least one. */
export function shipProblem(quantity: number): string | null {
  if (!Number.isInteger(quantity) || quantity <= 0) return "Enter how many pieces you are shipping.";
  return null;
}

export interface LeadTimeLike {
  elapsedDays: number;
  totalDays?: number | null;
  targetDays: number;
  onTarget: boolean | null;
}

export interface LeadTimeStatus {
  tone: Tone;
  text: string;
}

export function formatDays(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return `${rounded.toFixed(rounded % 1 === 0 ? 0 : 1)} ${rounded === 1 ? "day" : "days"}`;
}

/** Lead time against the target: done on or over it, or running (and already over it). */
export function leadTimeStatus(lead: LeadTimeLike): LeadTimeStatus {
  const target = formatDays(lead.targetDays);
  const days = lead.totalDays ?? lead.elapsedDays;
  if (lead.totalDays !== null && lead.totalDays !== undefined) {
    return lead.onTarget === false
      ? { tone: "red", text: `Listed in ${formatDays(days)}, over the ${target} target` }
      : { tone: "green", text: `Listed in ${formatDays(days)}, within the ${target} target` };
  }
  if (lead.onTarget === false) return { tone: "red", text: `${formatDays(days)} so far, over the ${target} target` };
  return { tone: "blue", text: `${formatDays(days)} of ${target} so far` };
}

/** A KPI as people read it; "—" without evidence. */
export function formatKpi(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  switch (name) {
    case "on_time":
    case "fill":
    case "quality":
    case "onTimeRate":
    case "fillRate":
    case "defectRate":
      return `${(value * 100).toFixed(value * 100 >= 10 || value === 0 ? 0 : 1)}%`;
    case "lead_time":
    case "leadDaysMean":
    case "leadDaysP90":
      return formatDays(value);
    case "acceptance":
    case "acceptanceHoursMean":
      return value < 1 ? "under 1 h" : `${Math.round(value)} h`;
    case "cost":
    case "costIndex":
      return value.toFixed(2);
    default:
      return String(Math.round(value * 100) / 100);
  }
}

/** How much a KPI moved the grade's score, in points of 100, signed. */
export function formatEffect(effect: number): string {
  const points = Math.round(effect * 1000) / 10;
  if (points === 0) return "±0";
  return `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(1)}`;
}

export interface GradeHistoryEntry {
  period: string;
  grade: SupplierGrade;
  score: number;
}

export interface GradePoint {
  period: string;
  grade: SupplierGrade;
  level: number;
  score: number;
}

/** The API's history (newest first) as a chart's points, oldest first. */
export function gradeHistorySeries(history: readonly GradeHistoryEntry[]): GradePoint[] {
  return [...history]
    .sort((a, b) => a.period.localeCompare(b.period))
    .map((entry) => ({ period: entry.period, grade: entry.grade, level: gradeLevel(entry.grade), score: Math.round(entry.score * 100) }));
}

/** "2026-11" → "Nov 2026". */
export function periodLabel(period: string, locale?: string): string {
  const [year, month] = period.split("-").map(Number);
  if (!year || !month) return period;
  return new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
}

/** Orders grouped by state, in the board's column order (empty columns kept). */
export function groupByState<Order extends { state: PurchaseOrderState }>(orders: readonly Order[], states: readonly PurchaseOrderState[] = PO_STATES): { state: PurchaseOrderState; orders: Order[] }[] {
  return states.map((state) => ({ state, orders: orders.filter((order) => order.state === state) }));
}

export interface SplitRow {
  supplierId: string;
  name: string;
  grade: SupplierGrade | null;
  pieces: number;
  orders: number;
}

/** Who makes a drop's pieces: the pieces of its orders (declined ones left out) by supplier, most first. */
export function supplierSplit(orders: readonly { state: PurchaseOrderState; ordered: number; supplier: { id: string; name: string; grade: SupplierGrade } | null }[]): SplitRow[] {
  const rows = new Map<string, SplitRow>();
  for (const order of orders) {
    if (order.state === "DECLINED" || !order.supplier) continue;
    const row = rows.get(order.supplier.id) ?? { supplierId: order.supplier.id, name: order.supplier.name, grade: order.supplier.grade, pieces: 0, orders: 0 };
    row.pieces += order.ordered;
    row.orders += 1;
    rows.set(order.supplier.id, row);
  }
  return [...rows.values()].sort((a, b) => b.pieces - a.pieces || a.name.localeCompare(b.name));
}

export const PAYABLE_STATE_LABELS: Record<PayableState, string> = {
  OPEN: "Scheduled",
  EARLY_REQUESTED: "Early payment requested",
  EARLY_APPROVED: "Early payment approved",
  PAID: "Paid",
};

const UNPAID_STATES: PayableState[] = ["OPEN", "EARLY_REQUESTED", "EARLY_APPROVED"];

/** The schedule's views: unpaid and due from today (the default), unpaid and past due, paid. */
export type ScheduleView = "upcoming" | "overdue" | "paid";

export const SCHEDULE_VIEWS: readonly { value: ScheduleView; label: string }[] = [
  { value: "upcoming", label: "Upcoming" },
  { value: "overdue", label: "Overdue" },
  { value: "paid", label: "Paid" },
];

export interface ScheduleFilter {
  states: PayableState[];
  dueFrom: string | null;
  dueTo: string | null;
}

/** The payables query's arguments for a view, `today` being the UTC day. */
export function scheduleFilter(view: ScheduleView, today: string): ScheduleFilter {
  if (view === "paid") return { states: ["PAID"], dueFrom: null, dueTo: null };
  if (view === "overdue") return { states: [...UNPAID_STATES], dueFrom: null, dueTo: addDays(today, -1) };
  return { states: [...UNPAID_STATES], dueFrom: today, dueTo: null };
}

/** Whole days from `today` to `due` (both YYYY-MM-DD); negative when past. */
export function daysUntil(due: string, today: string): number {
  const ms = Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

export function dueWords(due: string, today: string): string {
  const days = daysUntil(due, today);
  if (days === 0) return "due today";
  if (days < 0) return days === -1 ? "1 day overdue" : `${-days} days overdue`;
  return days === 1 ? "due tomorrow" : `due in ${days} days`;
}

/** `day` (YYYY-MM-DD) moved by `days`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whether a supplier may still ask to be paid this payable early: open, and not due yet. */
export function canRequestEarly(payable: { state: PayableState; dueDate: string }, today: string): boolean {
  return payable.state === "OPEN" && daysUntil(payable.dueDate, today) > 0;
}

/** The pay date an early-payment form starts at: tomorrow when that is before the due date, else today. */
export function earlyPayDefault(dueDate: string, today: string): string {
  return daysUntil(dueDate, today) > 1 ? addDays(today, 1) : today;
}

/** Today in UTC as YYYY-MM-DD (the API's dates are UTC days). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
