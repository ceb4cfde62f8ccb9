// The one top-level heading of a page; it also names the browser tab and takes focus after navigation.
import { Title, type TitleProps } from '@mantine/core';
import { useEffect, useRef } from 'react';

// Set when the person moved to another page whose heading had not rendered yet (its data was loading).
let focusWhenShown = false;

/** After navigation: focus the page heading now, or as soon as it appears. */
export function focusPageHeading(container: HTMLElement | null) {
  const heading = container?.querySelector<HTMLElement>('h1');
  focusWhenShown = !heading;
  (heading ?? container)?.focus();
}

export function PageHeading({ children, ...props }: { children: string } & Omit<TitleProps, 'children' | 'order'>) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Trellis`;
  }, [children]);
  useEffect(() => {
    if (!focusWhenShown) return;
    focusWhenShown = false;
    ref.current?.focus();
  }, []);
  return (
    <Title ref={ref} order={1} fz={{ base: 26, sm: 30 }} tabIndex={-1} className="page-heading" {...props}>
      {children}
    </Title>
  );
}
