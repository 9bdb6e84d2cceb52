/** Colours of the chart series, shared by charts, legends and the figures beside them. */
export const STATE_COLOURS = {
  pending: "#f0a73a",
  approved: "#4f6bed",
  paid: "#1f9d63",
  reversed: "#d6455d",
} as const;

export const SERIES = ["#d62e63", "#4f6bed", "#1f9d63", "#f0a73a", "#7a4bd1", "#1a9bb0"] as const;

export const AXIS = { stroke: "#8a8590", fontSize: 12 } as const;
export const GRID = "#ebe8e3";
