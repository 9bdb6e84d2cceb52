import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Pages load their code on first use, and the first load in a run also compiles it: on a busy
// machine that takes longer than the default second.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
