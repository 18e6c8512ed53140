import { Image, Paper, Stack, Text } from '@mantine/core';

const svgSrc = (svg: string): string => `data:image/svg+xml;base64,${btoa(svg)}`;

/** A QR code made in main (an SVG), on white, with a caption under it. */
export function QrCode({ svg, size, alt, caption, testId }: { svg: string; size: number; alt: string; caption: string; testId: string }) {
  return (
    <Stack gap={4} align="center">
      <Paper withBorder p="xs" radius="md" bg="white">
        <Image src={svgSrc(svg)} w={size} h={size} alt={alt} data-testid={testId} />
      </Paper>
      <Text size="xs" c="dimmed">
        {caption}
      </Text>
    </Stack>
  );
}
