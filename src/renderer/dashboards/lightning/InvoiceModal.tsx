import { Button, Code, Group, Image, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { LightningComponent } from '../../../shared/services/common';
import type { Invoice } from '../../../shared/services/lightning';
import { CopyIconButton } from '../../components/CopyIconButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatRelative } from '../../lib/format';
import { useCreateInvoice } from '../api';
import { formatSats } from '../lib/format';

function InvoiceQr({ bolt11 }: { bolt11: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // upper case: the compact alphanumeric QR mode, as BOLT 11 suggests for QR codes
    void QRCode.toString(`lightning:${bolt11}`.toUpperCase(), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((svg) => {
      if (live) setSrc(`data:image/svg+xml;base64,${btoa(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [bolt11]);
  return src ? <Image src={src} alt="QR code of the invoice" w={260} h={260} bg="white" radius="sm" data-testid="invoice-qr" /> : <div style={{ width: 260, height: 260 }} />;
}

/** Makes an invoice and shows it as text (copyable) and as a QR code. */
export function InvoiceModal({ datacenter, component, opened, onClose }: { datacenter: string; component: LightningComponent; opened: boolean; onClose: () => void }) {
  const create = useCreateInvoice();
  const [amount, setAmount] = useState<number>(1000);
  const [memo, setMemo] = useState('');
  const [invoice, setInvoice] = useState<Invoice | null>(null);
  const close = () => {
    setInvoice(null);
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={invoice ? 'Invoice' : 'Create an invoice'} size="lg">
      {invoice ? (
        <Stack align="center" gap="sm" data-testid="invoice-view">
          <InvoiceQr bolt11={invoice.bolt11} />
          <Text fw={650}>{invoice.amountSat === 0 ? 'Any amount' : formatSats(invoice.amountSat)}</Text>
          {invoice.memo && <Text size="sm">{invoice.memo}</Text>}
          <Group gap={4} wrap="nowrap" w="100%" align="flex-start">
            <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }} data-testid="invoice-text">
              {invoice.bolt11}
            </Code>
            <CopyIconButton value={invoice.bolt11} label="Copy invoice" />
          </Group>
          <Text size="xs" c="dimmed">
            Expires {formatRelative(invoice.expiresAt)} · payment hash {invoice.paymentHash.slice(0, 16)}…
          </Text>
          <Group>
            <Button variant="default" onClick={() => setInvoice(null)}>
              Another invoice
            </Button>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ datacenter, component, amountSat: amount, memo, expirySeconds: 3600 }, { onSuccess: setInvoice });
          }}
        >
          <Stack>
            <NumberInput label="Amount (sat)" description="0 lets the payer choose" min={0} max={21e14} value={amount} onChange={(v) => setAmount(typeof v === 'number' ? v : Number(v) || 0)} allowDecimal={false} thousandSeparator="," data-autofocus />
            <TextInput label="Description" placeholder="What it is for" maxLength={600} value={memo} onChange={(e) => setMemo(e.currentTarget.value)} />
            {create.error && <ErrorAlert error={create.error} title="Could not create the invoice" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create invoice
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
