/** A one-line French address ("1 rue de la Paix, 75002 Paris") split as EN 16931 wants it (BT-35/38/37). */
export interface PostalAddress {
  line: string;
  postcode?: string;
  city?: string;
}

export function splitFrenchAddress(address: string): PostalAddress {
  const match = /^(.*?)[,\s]+([0-9]{5})\s+(.+)$/s.exec(address.trim());
  if (!match) return { line: address.trim() };
  return { line: match[1]!.trim(), postcode: match[2]!, city: match[3]!.trim() };
}
