// The look of Trellis: one deep teal, chosen so text and controls in it pass WCAG AA contrast on white and grey.
import { createTheme, type MantineColorsTuple } from '@mantine/core';

// Shade 7 (the primary) is 6.4:1 on white; shades 6 and below are for backgrounds and borders only.
const trellis: MantineColorsTuple = ['#e6f5f3', '#c9e9e4', '#9fd7ce', '#70c2b5', '#48ae9f', '#2e9887', '#1f8273', '#146b5f', '#0e5a50', '#0b4a42'];

export const theme = createTheme({
  colors: { trellis },
  primaryColor: 'trellis',
  primaryShade: 7,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  defaultRadius: 'sm',
  components: {
    Anchor: { defaultProps: { underline: 'always' } },
  },
});
