import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { gradeFromLevel, gradeHistorySeries, periodLabel, type GradeHistoryEntry } from "../../lib/suppliers";
import { AXIS, GRID } from "../Charts/palette";
import dash from "../Dashboard/Dashboard.module.css";
import styles from "./Suppliers.module.css";

/** Monthly grades as a step line on an S…D axis, with the score in the tooltip. */
export function GradeHistoryChart({ history, label }: { history: readonly GradeHistoryEntry[]; label: string }) {
  const points = gradeHistorySeries(history);
  if (points.length === 0) {
    return <p className={`${dash.small} ${dash.muted}`}>No monthly grades yet: the first recompute starts the history.</p>;
  }
  return (
    <figure className={styles.chart} aria-label={label} data-points={points.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="period" tickFormatter={(p: string) => periodLabel(p)} tick={{ ...AXIS, fontSize: 11 }} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={16} />
          <YAxis
            domain={[1, 5]}
            ticks={[1, 2, 3, 4, 5]}
            tickFormatter={(v: number) => gradeFromLevel(v) ?? ""}
            tick={{ ...AXIS, fontSize: 12, fontWeight: 700 }}
            tickLine={false}
            axisLine={false}
            width={28}
          />
          <Tooltip
            labelFormatter={(p) => periodLabel(String(p))}
            formatter={(_value, _name, item) => {
              const point = item.payload as { grade: string; score: number };
              return [`${point.grade} (score ${point.score})`, "Grade"];
            }}
          />
          <Line type="stepAfter" dataKey="level" stroke="#4f6bed" strokeWidth={2.4} dot={{ r: 3.5 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
