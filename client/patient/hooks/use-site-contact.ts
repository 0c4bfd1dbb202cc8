/** The site's public contact for pages that have no invitation to bring it (a spent, expired or unknown link). */
import { useEffect, useState } from 'react';
import { fetchSiteContact } from '../api.js';
import type { SiteInfo } from '../../../server/contract/settings.js';

/** Loads GET /api/site-contact once `needed`: undefined until known, null when it cannot be had (the page then names the contact person). */
export function useSiteContact(needed: boolean): SiteInfo | null | undefined {
  const [site, setSite] = useState<SiteInfo | null | undefined>(undefined);
  const known = site !== undefined;
  useEffect(() => {
    if (!needed || known) return;
    let cancelled = false;
    void fetchSiteContact().then((contact) => {
      if (!cancelled) setSite(contact);
    });
    return () => {
      cancelled = true;
    };
  }, [needed, known]);
  return site;
}
