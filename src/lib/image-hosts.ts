// The only hosts newsletter images may come from (https only). The Markdown sanitiser drops any
// other image and the newsletter form refuses it; the Content-Security-Policy's img-src lists the
// same hosts (http-headers.ts), so a page cannot load an image from anywhere else either. Changing
// the list needs a new build: Astro writes the policy at build time.
export const IMAGE_HOSTS: readonly string[] = [
  'www.met.police.uk',
  'www.camden.gov.uk',
  'www.islington.gov.uk',
];
