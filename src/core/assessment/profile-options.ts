/** The fixed lists of the organisation profile, shared by the form, the API and exports. */
export const SECTORS = [
  { value: 'retail', label: 'Retail and consumer goods' },
  { value: 'professional-services', label: 'Professional services' },
  { value: 'technology', label: 'Technology' },
  { value: 'manufacturing', label: 'Manufacturing' },
  { value: 'financial-services', label: 'Financial services' },
  { value: 'healthcare', label: 'Health and care' },
  { value: 'public-sector', label: 'Public sector' },
  { value: 'education', label: 'Education' },
  { value: 'nonprofit', label: 'Charity or non-profit' },
  { value: 'hospitality', label: 'Hospitality, travel and leisure' },
  { value: 'media', label: 'Media and entertainment' },
  { value: 'other', label: 'Other' },
] as const;

export const SIZES = [
  { value: '1-9', label: '1 to 9 people' },
  { value: '10-49', label: '10 to 49 people' },
  { value: '50-249', label: '50 to 249 people' },
  { value: '250-999', label: '250 to 999 people' },
  { value: '1000+', label: '1,000 people or more' },
] as const;

export const LIMITS = {
  organisationName: 200,
  note: 2000,
} as const;

export const labelOf = (list: ReadonlyArray<{ value: string; label: string }>, value: string | undefined): string =>
  list.find((x) => x.value === value)?.label ?? '';
