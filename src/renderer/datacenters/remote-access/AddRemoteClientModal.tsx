import { AuthoriseClientModal } from '../../tor/AuthoriseClientModal';
import { useAddRemoteClient } from './api';

/** Authorise a device on the datacenter's onion service, then show its pairing bundle once. */
export function AddRemoteClientModal({ datacenter, opened, taken, onClose }: { datacenter: string; opened: boolean; taken: string[]; onClose: () => void }) {
  const add = useAddRemoteClient(datacenter);
  return (
    <AuthoriseClientModal
      opened={opened}
      title="Add a remote client"
      intro="A client is one device allowed to reach this server's LXD through the gateway's onion service. The gateway keeps the public half of a new key pair; the device gets the private half, the LXD fingerprint and a one-time trust token in a pairing bundle."
      taken={taken}
      mutation={{ ...add, authorise: (client, onSuccess) => add.mutate(client, { onSuccess }) }}
      onClose={onClose}
    />
  );
}
