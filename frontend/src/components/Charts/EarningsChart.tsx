import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { EARNING_STATES, type EarningsRow } from "../../lib/earnings";
import { formatMoney, fractionDigits } from "../../lib/money";
import { formatDay } from "../../lib/time";
import styles from "../Dashboard/Dashboard.module.css";
import { AXIS, GRID, STATE_COLOURS } from "./palette";

const LABELS = { pending: "Pending", approved: "Approved", paid: "Paid", reversed: "Reversed" } as const;

/** Money earned per day, stacked by where it stands now. */
export function EarningsChart({ rows, currency }: { rows: EarningsRow[]; currency: string }) {
  const money = (major: number, compact = false) =>
    formatMoney(Math.round(major * 10 ** fractionDigits(currency)), currency, { compact });
  return (
    <figure className={styles.chart} style={{ margin: 0 }} aria-label={`Earnings per day in ${currency}, by state`} data-testid="earnings-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="18%">
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={18} />
          <YAxis tickFormatter={(v: number) => money(v, true)} tick={AXIS} tickLine={false} axisLine={false} width={64} />
          <Tooltip
            cursor={{ fill: "rgba(27,26,33,0.05)" }}
            labelFormatter={(d) => formatDay(String(d))}
            formatter={(value, name) => [money(Number(value)), String(name)]}
          />
          <Legend iconType="circle" itemSorter={null} wrapperStyle={{ fontSize: 13 }} />
          {EARNING_STATES.map((state) => (
            <Bar key={state} dataKey={state} name={LABELS[state]} stackId="earnings" fill={STATE_COLOURS[state]} className={`series-${state}`} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      {/* A table is never narrower than its content: the clipping box is a div around it, so a
          long table cannot widen a phone's page. */}
      <div className="visually-hidden">
        <table>
          <caption>Earnings per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {EARNING_STATES.map((s) => (
                <th key={s} scope="col">
                  {LABELS[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows
              .filter((row) => EARNING_STATES.some((s) => row[s] !== 0))
              .map((row) => (
                <tr key={row.day} data-day={row.day}>
                  <th scope="row">{formatDay(row.day)}</th>
                  {EARNING_STATES.map((s) => (
                    <td key={s} data-state={s}>
                      {money(row[s])}
                    </td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
