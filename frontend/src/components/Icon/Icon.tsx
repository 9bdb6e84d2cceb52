import type { SVGProps } from "react";

import type { IconName as NavIconName } from "../../lib/navigation";

export type IconName =
  | NavIconName
  | "menu"
  | "close"
  | "logout"
  | "alert"
  | "sparkle"
  | "check"
  | "eye"
  | "eyeOff"
  | "lock"
  | "search"
  | "refresh"
  | "heart"
  | "bookmark"
  | "comment"
  | "bag"
  | "tag"
  | "image"
  | "copy"
  | "download"
  | "pin"
  | "upload"
  | "arrowLeft"
  | "chevronLeft"
  | "chevronRight"
  | "external"
  | "send"
  | "clock"
  | "bell";

// Line drawings on a 24×24 grid, stroked with the text colour.
const PATHS: Record<IconName, string[]> = {
  home: ["M3.5 10.5 12 3.5l8.5 7V20a1 1 0 0 1-1 1h-5v-6h-5v6h-5a1 1 0 0 1-1-1z"],
  plus: ["M12 5v14", "M5 12h14"],
  wallet: ["M4 7.5h14.5a1.5 1.5 0 0 1 1.5 1.5v9.5a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 18.5z", "M4 7.5 15.5 4v3.5", "M16 13.5h1.5"],
  megaphone: ["M4 10v4h3l7 4.5v-13L7 10z", "M17.5 9a4 4 0 0 1 0 6", "M7 14l1.2 5h2.3L9.5 14.8"],
  link: ["M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1", "M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1"],
  trend: ["M3 17.5 9 11.5l4 4 8-8", "M15 7.5h6v6"],
  flask: ["M9 3.5h6", "M10 3.5v6l-5.2 8.7A1.9 1.9 0 0 0 6.4 21h11.2a1.9 1.9 0 0 0 1.6-2.8L14 9.5v-6", "M7.5 15h9"],
  box: ["M3.5 7.5 12 3.5l8.5 4v9L12 20.5l-8.5-4z", "M3.5 7.5 12 11.5l8.5-4", "M12 11.5v9"],
  chart: ["M5 20V11", "M11 20V5", "M17 20v-6", "M3 20h18"],
  users: ["M9 11.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z", "M2.5 20a6.5 6.5 0 0 1 13 0", "M16 4.7a3.5 3.5 0 0 1 0 6.6", "M18 14.2a6.5 6.5 0 0 1 3.5 5.8"],
  user: ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4 21a8 8 0 0 1 16 0"],
  menu: ["M4 6.5h16", "M4 12h16", "M4 17.5h16"],
  close: ["M6 6l12 12", "M18 6 6 18"],
  logout: ["M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4", "M9.5 16.5 5 12l4.5-4.5", "M5 12h11"],
  alert: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 7.5v5.5", "M12 16.5h.01"],
  sparkle: ["M12 3.5l1.9 5.1 5.1 1.9-5.1 1.9L12 17.5l-1.9-5.1L5 10.5l5.1-1.9z", "M18.5 16.5l.8 2.2 2.2.8-2.2.8-.8 2.2-.8-2.2-2.2-.8 2.2-.8z"],
  check: ["M5 12.5l4.5 4.5L19 7.5"],
  eye: ["M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z", "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z"],
  eyeOff: ["M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z", "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M4 4l16 16"],
  lock: ["M6.5 11h11a1.5 1.5 0 0 1 1.5 1.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 19.5v-7A1.5 1.5 0 0 1 6.5 11z", "M8 11V7.5a4 4 0 0 1 8 0V11"],
  search: ["M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z", "M20 20l-4-4"],
  refresh: ["M20 11a8 8 0 0 0-14.7-3.5", "M4 4v4h4", "M4 13a8 8 0 0 0 14.7 3.5", "M20 20v-4h-4"],
  heart: ["M12 20.5s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7.6a4.3 4.3 0 0 1 7.5 2.7c0 5.6-7.5 10.2-7.5 10.2z"],
  bookmark: ["M6.5 3.5h11a1 1 0 0 1 1 1v16l-6.5-4.5-6.5 4.5v-16a1 1 0 0 1 1-1z"],
  comment: ["M4 5.5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-9l-5 3.5v-3.5H4a1 1 0 0 1-1-1v-10a1 1 0 0 1 1-1z"],
  bag: ["M5 8h14l-1 12.5H6z", "M9 8V6.5a3 3 0 0 1 6 0V8"],
  tag: ["M3.5 12.5V4.5a1 1 0 0 1 1-1h8l8 8-9 9z", "M8.5 8.5h.01"],
  image: ["M4.5 4.5h15a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1h-15a1 1 0 0 1-1-1v-13a1 1 0 0 1 1-1z", "M3.5 16l5-5 4 4 2.5-2.5 5.5 5.5", "M15.5 9a1.5 1.5 0 1 0 0-.01"],
  copy: ["M8.5 8.5h11v11h-11z", "M15.5 8.5v-4h-11v11h4"],
  download: ["M12 4v11", "M7.5 10.5 12 15l4.5-4.5", "M4.5 19.5h15"],
  pin: ["M9 3.5h6l-1 6 3.5 3.5h-11L10 9.5z", "M12 13v7.5"],
  upload: ["M12 15V4", "M7.5 8.5 12 4l4.5 4.5", "M4.5 19.5h15"],
  arrowLeft: ["M19 12H5", "M11 6l-6 6 6 6"],
  chevronLeft: ["M15 5.5 8.5 12l6.5 6.5"],
  chevronRight: ["M9 5.5l6.5 6.5L9 18.5"],
  external: ["M14 4.5h5.5V10", "M19.5 4.5 11 13", "M17 14v4.5a1 1 0 0 1-1 1H5.5a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1H10"],
  send: ["M4 11.5 20 4l-6 16-2.5-6.5z", "M11.5 13.5 20 4"],
  clock: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 7v5l3 2"],
  shield: ["M12 3.5 19.5 6v5.5c0 4.6-3.2 8.1-7.5 9.5-4.3-1.4-7.5-4.9-7.5-9.5V6z", "M9 12l2.2 2.2L15.5 10"],
  coins: ["M9 10.5c3 0 5.5-1.1 5.5-2.5S12 5.5 9 5.5 3.5 6.6 3.5 8 6 10.5 9 10.5z", "M3.5 8v4c0 1.4 2.5 2.5 5.5 2.5", "M3.5 12v4c0 1.4 2.5 2.5 5.5 2.5", "M15 13.5c3 0 5.5-1.1 5.5-2.5S18 8.5 15 8.5", "M9.5 13.5v4c0 1.4 2.5 2.5 5.5 2.5s5.5-1.1 5.5-2.5v-6.5", "M9.5 13.5c0 1.4 2.5 2.5 5.5 2.5s5.5-1.1 5.5-2.5"],
  bell: ["M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 2H4.5z", "M10 20.5a2 2 0 0 0 4 0"],
};

interface IconProps extends Omit<SVGProps<SVGSVGElement>, "children"> {
  name: IconName;
  size?: number;
  /** Give the icon a name only when it carries meaning no text beside it does. */
  title?: string;
}

export function Icon({ name, size = 20, title, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? "img" : undefined}
      focusable="false"
      {...rest}
    >
      {title ? <title>{title}</title> : null}
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
