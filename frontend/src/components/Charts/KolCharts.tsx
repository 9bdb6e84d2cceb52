import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatMoney, formatRatio, fractionDigits } from "../../lib/money";
import type { KolBar } from "../../lib/reports";
import styles from "../Dashboard/Dashboard.module.css";
import { AXIS, GRID } from "./palette";

interface MetricChartProps {
  bars: KolBar[];
  metric: "cac" | "roas";
  currency: string;
  title: string;
  /** Tells two charts of one metric on a page apart (default `chart-<metric>`). */
  testId?: string;
}

/** One bar per KOL for one metric (horizontal, so long names stay readable). */
export function KolMetricChart({ bars, metric, currency, title, testId }: MetricChartProps) {
  const data = bars.filter((b) => b[metric] !== null);
  const money = (major: number) => formatMoney(Math.round(major * 10 ** fractionDigits(currency)), currency);
  const format = metric === "cac" ? money : (v: number) => formatRatio(v);
  const colour = metric === "cac" ? "#4f6bed" : "#d62e63";
  const height = Math.max(160, 44 * data.length + 40);
  if (data.length === 0) {
    return (
      <p className={styles.muted}>
        {metric === "cac" ? "No new customers yet, so there is no acquisition cost to show." : "No spend yet, so there is no return on it to show."}
      </p>
    );
  }
  return (
    <figure style={{ margin: 0, height }} aria-label={title} data-testid={testId ?? `chart-${metric}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 56, bottom: 4, left: 8 }}>
          <CartesianGrid stroke={GRID} horizontal={false} />
          <XAxis type="number" tick={AXIS} tickLine={false} axisLine={false} tickFormatter={(v: number) => (metric === "cac" ? money(v) : formatRatio(v))} />
          <YAxis type="category" dataKey="label" tick={{ ...AXIS, fill: "#1b1a21" }} tickLine={false} axisLine={false} width={130} />
          <Tooltip cursor={{ fill: "rgba(27,26,33,0.05)" }} formatter={(value) => [format(Number(value)), metric === "cac" ? "CAC" : "ROAS"]} />
          <Bar dataKey={metric} radius={[0, 6, 6, 0]} maxBarSize={30} isAnimationActive={false} label={{ position: "right", formatter: (v: unknown) => format(Number(v)), fontSize: 12, fill: "#5f5b66" }}>
            {data.map((bar) => (
              <Cell key={bar.id ?? bar.label} fill={colour} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      {/* A table is never narrower than its content: the clipping box is a div around it, so a
          long table cannot widen a phone's page. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <tbody>
            {data.map((bar) => (
              <tr key={bar.id ?? bar.label}>
                <th scope="row">{bar.label}</th>
                <td>{format(bar[metric] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
