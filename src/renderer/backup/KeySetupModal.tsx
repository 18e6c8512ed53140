import { Alert, Button, Checkbox, Code, Group, Image, Modal, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconDownload, IconKey, IconLock } from '@tabler/icons-react';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { MIN_PASSPHRASE } from '../../shared/channels/store';
import { CopyIconButton } from '../components/CopyIconButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { downloadText } from '../lib/download';
import { useGenerateKey, useSetKey } from './api';

type Way = 'generate' | 'passphrase' | 'paste';

function IdentityQr({ identity }: { identity: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // upper case already (bech32 in capitals): QR's compact alphanumeric mode
    void QRCode.toString(identity, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((svg) => {
      if (live) setSrc(`data:image/svg+xml;base64,${btoa(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [identity]);
  return (
    <Paper withBorder p="xs" radius="md" bg="white">
      {src ? <Image src={src} w={200} h={200} alt="QR code of the backup key's identity" data-testid="identity-qr" /> : <div style={{ width: 200, height: 200 }} />}
    </Paper>
  );
}

/** A new identity, shown once: QR code, the key to copy, the file to save, and a confirmation. */
function GenerateStep({ onDone }: { onDone: () => void }) {
  const generate = useGenerateKey();
  const setKey = useSetKey();
  const [saved, setSaved] = useState(false);
  const made = generate.data;
  if (!made) {
    return (
      <Stack gap="sm">
        <Text size="sm">
          BCM makes a new age key pair. You keep the private half (the <i>identity</i>): it is shown once, as a QR code and as a file you save where you
          choose (a USB stick, a password manager). BCM keeps only the public half and cannot open the backups itself.
        </Text>
        {generate.isError && <ErrorAlert error={generate.error} title="No key was made" />}
        <Group justify="flex-end">
          <Button leftSection={<IconKey size={16} />} onClick={() => generate.mutate()} loading={generate.isPending}>
            Generate a key
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="md" data-testid="generated-key">
      <Alert color="orange" variant="light" icon={<IconLock size={18} />} title="Save this key now: it is shown once">
        Whoever has it can open your scheduled backups; without it, nobody can. Keep it off this computer.
      </Alert>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <IdentityQr identity={made.identity} />
        <Stack gap={6} style={{ flex: 1, minWidth: 260 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Identity (private)
          </Text>
          <Group gap={4} wrap="nowrap" align="flex-start">
            <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }} data-testid="identity-text">
              {made.identity}
            </Code>
            <CopyIconButton value={made.identity} label="Copy the identity" />
          </Group>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="xs">
            Recipient (public, kept by BCM)
          </Text>
          <Text ff="monospace" size="xs" style={{ wordBreak: 'break-all' }} data-testid="recipient-text">
            {made.recipient}
          </Text>
          <Group mt="xs">
            <Button variant="light" leftSection={<IconDownload size={16} />} onClick={() => downloadText(made.fileName, made.fileText)}>
              Save {made.fileName}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Restore with it on the Backup page, or without BCM: <Code>age -d -i {made.fileName} ARCHIVE.age | tar x</Code>
          </Text>
        </Stack>
      </Group>
      <Checkbox label="I saved the identity somewhere safe, off this computer" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      {setKey.isError && <ErrorAlert error={setKey.error} title="The key was not set" />}
      <Group justify="flex-end">
        <Button disabled={!saved} loading={setKey.isPending} onClick={() => setKey.mutate({ source: 'generated', recipient: made.recipient }, { onSuccess: onDone })}>
          Use this key
        </Button>
      </Group>
    </Stack>
  );
}

function PassphraseStep({ onDone }: { onDone: () => void }) {
  const setKey = useSetKey();
  const [first, setFirst] = useState('');
  const [again, setAgain] = useState('');
  const short = first.length > 0 && first.length < MIN_PASSPHRASE;
  const differs = again.length > 0 && again !== first;
  return (
    <Stack gap="sm">
      <Text size="sm">
        The key is derived from your passphrase (scrypt with a random salt, at age&apos;s own work factor). BCM keeps the public key and the salt, never
        the passphrase; every archive carries the salt, so the passphrase alone restores it on any computer. Choose a long passphrase: anyone with an
        archive can try to guess it.
      </Text>
      <PasswordInput label="Passphrase" value={first} onChange={(e) => setFirst(e.currentTarget.value)} error={short ? `At least ${MIN_PASSPHRASE} characters` : undefined} autoComplete="new-password" data-autofocus />
      <PasswordInput label="Passphrase again" value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={differs ? 'The two differ' : undefined} autoComplete="new-password" />
      {setKey.isError && <ErrorAlert error={setKey.error} title="The key was not set" />}
      <Group justify="flex-end">
        <Button disabled={first.length < MIN_PASSPHRASE || again !== first} loading={setKey.isPending} onClick={() => setKey.mutate({ source: 'passphrase', passphrase: first }, { onSuccess: onDone })}>
          Derive the key
        </Button>
      </Group>
    </Stack>
  );
}

function PasteStep({ onDone }: { onDone: () => void }) {
  const setKey = useSetKey();
  const [recipient, setRecipient] = useState('');
  return (
    <Stack gap="sm">
      <Text size="sm">
        An age key you already have (<Code>age-keygen</Code> prints its public key as <Code>age1…</Code>). BCM encrypts to it; you restore with its
        identity file.
      </Text>
      <TextInput label="Recipient" placeholder="age1…" value={recipient} onChange={(e) => setRecipient(e.currentTarget.value)} spellCheck={false} data-autofocus />
      {setKey.isError && <ErrorAlert error={setKey.error} title="The key was not set" />}
      <Group justify="flex-end">
        <Button disabled={!recipient.trim().startsWith('age1')} loading={setKey.isPending} onClick={() => setKey.mutate({ source: 'pasted', recipient: recipient.trim() }, { onSuccess: onDone })}>
          Use this recipient
        </Button>
      </Group>
    </Stack>
  );
}

/** Sets up the backup key of scheduled and channel-triggered backups: new, from a passphrase, or pasted. */
export function KeySetupModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [way, setWay] = useState<Way>('generate');
  const [round, setRound] = useState(0); // a fresh form each time it opens
  const close = () => {
    setRound((r) => r + 1);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Set up a backup key" size="xl">
      <Stack gap="md" key={round}>
        <SegmentedControl
          value={way}
          onChange={(v) => setWay(v as Way)}
          data={[
            { value: 'generate', label: 'New key' },
            { value: 'passphrase', label: 'From a passphrase' },
            { value: 'paste', label: 'I have an age key' },
          ]}
          aria-label="How to make the backup key"
        />
        {way === 'generate' && <GenerateStep onDone={close} />}
        {way === 'passphrase' && <PassphraseStep onDone={close} />}
        {way === 'paste' && <PasteStep onDone={close} />}
      </Stack>
    </Modal>
  );
}
