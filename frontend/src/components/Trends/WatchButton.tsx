import { useState } from "react";
import { useMutation } from "urql";

import { describeError } from "../../lib/graphql/errors";
import { UnwatchElementMutation, WatchElementMutation } from "../../lib/graphql/trends";
import { Icon } from "../Icon/Icon";
import local from "./Trends.module.css";

/** Pin an element to follow it; the server's answer is what the button shows. */
export function WatchButton({ id, name, watching: initial, compact = false }: { id: string; name: string; watching: boolean; compact?: boolean }) {
  const [watching, setWatching] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: a }, watch] = useMutation(WatchElementMutation);
  const [{ fetching: b }, unwatch] = useMutation(UnwatchElementMutation);
  async function toggle() {
    setProblem(null);
    const result = watching ? await unwatch({ id }) : await watch({ id });
    const payload = result.data ? ("watchElement" in result.data ? result.data.watchElement : result.data.unwatchElement) : null;
    if (result.error || !payload || payload.errors.length > 0) {
      setProblem(result.error ? describeError(result.error).message : (payload?.errors[0]?.message ?? "That didn't work."));
      return;
    }
    setWatching(payload.watching);
  }
  return (
    <>
      <button
        type="button"
        className={`${local.watch} ${watching ? local.watching : ""}`}
        aria-pressed={watching}
        aria-label={watching ? `Unpin ${name}` : `Pin ${name}`}
        disabled={a || b}
        onClick={() => void toggle()}
        title={watching ? "Pinned: you follow this element" : "Pin to follow this element"}
      >
        <Icon name="pin" size={16} fill={watching ? "currentColor" : "none"} />
        {compact ? null : <span>{watching ? "Pinned" : "Pin"}</span>}
      </button>
      {problem ? (
        <span role="alert" className={local.error}>
          {problem}
        </span>
      ) : null}
    </>
  );
}
