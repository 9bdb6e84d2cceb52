import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatPercent } from "../../lib/money";
import { MODELS, modelLabel, type AttributionModel, type ShareRow } from "../../lib/reports";
import { AXIS, GRID, SERIES } from "../Charts/palette";
import styles from "../Dashboard/Dashboard.module.css";

/** Each model keeps its colour whichever models are drawn. */
function modelColour(model: AttributionModel): string {
  return SERIES[Math.max(0, MODELS.indexOf(model)) % SERIES.length] ?? SERIES[0];
}

function short(text: string, max = 18): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("").trimEnd()}…` : text;
}

/**
 * Grouped bars: for each KOL (or campaign, post, link), its share of the credited revenue under
 * each model side by side. The totals are the same under every model; the shares are what the
 * choice of model moves.
 */
export function ModelShares({ rows, models, title }: { rows: ShareRow[]; models: AttributionModel[]; title: string }) {
  if (rows.length === 0) return <p className={styles.muted}>No credited revenue in this period to compare.</p>;
  const data = rows.map((r) => ({ name: short(r.axis), full: r.name, ...Object.fromEntries(models.map((m) => [m, r.shares[m] ?? 0])) }));
  const height = Math.max(220, rows.length * (models.length * 7 + 22) + 60);
  return (
    <figure style={{ margin: 0, height }} aria-label={title} data-testid="model-shares">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 4 }} barGap={1} barCategoryGap={10}>
          <CartesianGrid stroke={GRID} horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tick={AXIS} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatPercent(v, 0)} />
          <YAxis type="category" dataKey="name" tick={{ ...AXIS, fill: "#1b1a21" }} tickLine={false} axisLine={false} width={118} interval={0} />
          <Tooltip
            cursor={{ fill: "rgba(27,26,33,0.05)" }}
            labelFormatter={(_, payload) => String(payload?.[0]?.payload?.full ?? "")}
            formatter={(value, name) => [formatPercent(Number(value)), modelLabel(String(name))]}
          />
          <Legend formatter={(value: string) => modelLabel(value)} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {models.map((model) => (
            <Bar key={model} dataKey={model} fill={modelColour(model)} isAnimationActive={false} barSize={6} radius={[0, 3, 3, 0]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {models.map((m) => (
                <th key={m} scope="col">
                  {modelLabel(m)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id ?? r.name}>
                <th scope="row">{r.name}</th>
                {models.map((m) => (
                  <td key={m}>{formatPercent(r.shares[m] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
