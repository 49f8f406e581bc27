/** A decoded Stripe request body: nested objects, arrays and string leaves, as Stripe reads them. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/**
 * Decodes Stripe's form encoding (`a[b][0]=x&a[c]=y`, what the SDK sends) into nested values.
 * Objects whose keys are all indexes become arrays.
 */
export function decodeStripeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const [head, ...rest] = name.split('[');
    const path = [head!, ...rest.map((part) => part.replace(/]$/, ''))];
    let node: FormObject = root;
    path.forEach((key, index) => {
      if (index === path.length - 1) {
        node[key] = value;
        return;
      }
      const next = node[key];
      if (typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as FormObject;
    });
  }
  return arraysFromIndexes(root) as FormObject;
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((key) => [key, arraysFromIndexes(value[key]!)]));
  if (keys.length > 0 && keys.every((key, index) => key === String(index))) return keys.map((key) => converted[key]!);
  return converted;
}

/** The string at `path`, or undefined. */
export function formString(form: FormObject, ...path: string[]): string | undefined {
  let node: FormValue | undefined = form;
  for (const key of path) {
    if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Stripe's metadata: a flat map of strings. */
export function formMetadata(form: FormObject): Record<string, string> {
  const metadata = form.metadata;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return {};
  return Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
