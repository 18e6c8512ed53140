import { Group, Text } from '@mantine/core';

/** The BCM mark: a small rack of three cache units with status lights, on Bitcoin orange. */
export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label="Bitcoin Cache Machine">
      <defs>
        <linearGradient id="bcm-logo-bg" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#fbb040" />
          <stop offset="1" stopColor="#e57a00" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#bcm-logo-bg)" />
      {[7, 14, 21].map((y) => (
        <g key={y}>
          <rect x="6" y={y} width="20" height="5" rx="1.5" fill="#fff" fillOpacity={0.95} />
          <circle cx="9.5" cy={y + 2.5} r="1.1" fill="#e57a00" />
          <rect x="13" y={y + 1.8} width="10" height="1.4" rx="0.7" fill="#e57a00" fillOpacity={0.45} />
        </g>
      ))}
    </svg>
  );
}

export function Logo() {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark />
      <div>
        <Text fw={700} size="md" lh={1.1}>
          Bitcoin Cache Machine
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          Control panel
        </Text>
      </div>
    </Group>
  );
}
