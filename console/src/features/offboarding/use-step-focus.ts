import { type RefObject, useEffect, useRef } from "react";

/**
 * When the step changes, the page scrolls back to the top and focus moves to the new step's
 * heading, so keyboard and screen-reader users start reading where the step does.
 */
export function useStepFocus(container: RefObject<HTMLElement | null>, step: string, ready: boolean) {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (!ready) return;
    const first = previous.current === null;
    previous.current = step;
    if (first) return;
    const heading = container.current?.querySelector<HTMLElement>("h2");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [container, step, ready]);
}
