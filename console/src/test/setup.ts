import { notifications } from "@mantine/notifications";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Mantine reads these browser APIs that happy-dom lacks.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!("ResizeObserver" in globalThis)) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}
Element.prototype.scrollIntoView ??= () => {};
// Mantine's auto-growing Textarea waits for fonts.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", {
    value: { ready: Promise.resolve(), addEventListener() {}, removeEventListener() {} },
  });
}

// Dialogs and screens load lazily, and the test runner compiles each chunk on its first import:
// on a loaded machine that outlasts Testing Library's one-second wait, so `findBy…` waits longer.
configure({ asyncUtilTimeout: 5000 });

// The test files share one window and module cache (vite.config.ts, `isolate: false`): each test
// leaves neither a mounted tree nor a queued notification for the next file's tests to find.
afterEach(() => {
  cleanup();
  notifications.clean();
});
