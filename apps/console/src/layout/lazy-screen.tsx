import { lazy, type ComponentType } from 'react';

/** A screen whose code is its own chunk, fetched when first shown or earlier through {@link LazyScreen.preload}. */
export interface LazyScreen {
  /** The screen: its own component once its chunk is loaded, a suspending `React.lazy` until then. */
  Screen: ComponentType;
  /** Starts fetching the chunk (once); resolves when the screen can render without suspending. */
  preload(): Promise<void>;
}

/**
 * `React.lazy` that does not suspend once the chunk is in. A plain lazy component suspends on its
 * first render even when its module has long arrived, and React then holds the revealed page back
 * behind the Suspense fallback for its throttle (300 ms): bench/console saw the inbox's rows wait
 * that long after their data. The start-up preloads the landing screen's chunk beside the
 * settings (first-screen.ts), so its first render is the page itself.
 */
export function lazyScreen(load: () => Promise<ComponentType>): LazyScreen {
  let loaded: ComponentType | null = null;
  let loading: Promise<ComponentType> | null = null;
  const fetchChunk = (): Promise<ComponentType> =>
    (loading ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  // Suspends only until `loaded` is set: React's retry then renders the loaded component below,
  // so the lazy wrapper is never committed and swapping it out remounts nothing.
  const Suspending = lazy(() => fetchChunk().then((component) => ({ default: component })));
  function Screen() {
    const Loaded = loaded;
    return Loaded === null ? <Suspending /> : <Loaded />;
  }
  return {
    Screen,
    preload: () => fetchChunk().then(() => undefined),
  };
}
