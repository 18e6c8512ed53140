import { useAddClient } from './api';
import { AuthoriseClientModal } from './AuthoriseClientModal';

/** Authorise a new client of one of the app's onion services, then show its pairing bundle once. */
export function AddClientModal({ service, taken, onClose }: { service: string | null; taken: string[]; onClose: () => void }) {
  const add = useAddClient();
  return (
    <AuthoriseClientModal
      opened={service !== null}
      title="Add a client"
      intro="A client is one device (a laptop, a phone) allowed to reach this onion service. BCM makes a key pair: the service keeps the public half, the device gets the private half in a pairing bundle."
      taken={taken}
      mutation={{ ...add, authorise: (client, onSuccess) => add.mutate({ service: service ?? '', client }, { onSuccess }) }}
      onClose={onClose}
    />
  );
}
