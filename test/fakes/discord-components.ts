// Message components in the fake Discord: the limits a create or edit must keep (a breach is 400 50035), and finding
// the component a simulated press or choice is made on.

type Component = {
  type?: number;
  custom_id?: unknown;
  label?: unknown;
  url?: unknown;
  placeholder?: unknown;
  options?: Array<{ label?: unknown; value?: unknown; description?: unknown }>;
  components?: Component[];
};

const len = (v: unknown) => (typeof v === 'string' ? v.length : 0);

/**
 * Discord's component rules for a message: at most 5 action rows; a row holds 1–5 buttons or exactly one select
 * menu; labels 80 (buttons) / 100 (options); option values and descriptions 100; 1–25 options; placeholder 150;
 * custom_id 1–100 and unique within the message. Returns the first breach, or undefined.
 */
export function componentBreach(components: unknown): string | undefined {
  if (components === undefined || components === null) return undefined;
  if (!Array.isArray(components)) return 'components must be an array';
  if (components.length > 5) return 'Must be 5 or fewer in length.';
  const ids = new Set<string>();
  for (const row of components as Component[]) {
    if (row.type !== 1) return 'top-level components must be action rows (type 1)';
    const items = row.components ?? [];
    if (items.length === 0 || items.length > 5) return 'an action row holds 1 to 5 components';
    const selects = items.filter((c) => c.type === 3).length;
    if (selects > 0 && items.length > 1) return 'a select menu must be alone in its action row';
    for (const c of items) {
      if (c.type !== 2 && c.type !== 3) return `unsupported component type ${c.type}`;
      const isLink = c.type === 2 && typeof c.url === 'string';
      if (!isLink) {
        if (typeof c.custom_id !== 'string' || c.custom_id.length < 1 || c.custom_id.length > 100) return 'custom_id: Must be between 1 and 100 in length.';
        if (ids.has(c.custom_id)) return 'Component custom id cannot be duplicated';
        ids.add(c.custom_id);
      }
      if (c.type === 2 && len(c.label) > 80) return 'label: Must be 80 or fewer in length.';
      if (c.type === 3) {
        const options = c.options ?? [];
        if (options.length < 1 || options.length > 25) return 'options: Must be between 1 and 25 in length.';
        if (len(c.placeholder) > 150) return 'placeholder: Must be 150 or fewer in length.';
        for (const o of options) {
          if (len(o.label) < 1 || len(o.label) > 100) return 'option label: Must be between 1 and 100 in length.';
          if (len(o.value) < 1 || len(o.value) > 100) return 'option value: Must be between 1 and 100 in length.';
          if (len(o.description) > 100) return 'option description: Must be 100 or fewer in length.';
        }
      }
    }
  }
  return undefined;
}

/** The component of `components` with this custom_id (type 2 button or 3 select), or undefined. */
export function findComponent(components: unknown, customId: string): Component | undefined {
  if (!Array.isArray(components)) return undefined;
  for (const c of components as Component[]) {
    if (c.custom_id === customId) return c;
    const inner = findComponent(c.components, customId);
    if (inner) return inner;
  }
  return undefined;
}
