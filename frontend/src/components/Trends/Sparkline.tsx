import { Area, AreaChart, ResponsiveContainer, YAxis } from "recharts";

import type { DailyValue } from "../../lib/graphql/trends";
import { sparklineValues } from "../../lib/trends";

/** A small area chart of the last weeks, for a card; decorative beside the figures it sums up. */
export function Sparkline({ points, colour, label }: { points: DailyValue[]; colour: string; label: string }) {
  const data = sparklineValues(points);
  const id = `spark-${label.replace(/[^A-Za-z0-9]/g, "")}`;
  return (
    <div style={{ width: "100%", height: 56 }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 4, right: 0, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id={id} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={colour} stopOpacity={0.35} />
              <stop offset="100%" stopColor={colour} stopOpacity={0} />
            </linearGradient>
          </defs>
          <YAxis hide domain={[0, "dataMax"]} />
          <Area type="monotone" dataKey="value" stroke={colour} strokeWidth={2} fill={`url(#${id})`} isAnimationActive={false} dot={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
