/**
 * Vite build step: adds `<link rel="preload" as="font">` to each page for the font files its own
 * CSS uses and `match` selects (the Latin subset), so the font arrives with the scripts instead
 * of after the first render: no reflow of the questions under the patient's finger.
 */
import type { Plugin } from 'vite';

export function preloadFonts(match: RegExp): Plugin {
  return {
    name: 'lindring-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        const chunk = ctx.chunk as (typeof ctx.chunk & { viteMetadata?: { importedCss: Set<string> } }) | undefined;
        if (!bundle || !chunk) return [];
        const css = [...(chunk.viteMetadata?.importedCss ?? [])].map((name) => {
          const asset = bundle[name];
          return asset && asset.type === 'asset' ? String(asset.source) : '';
        });
        const fonts = Object.keys(bundle).filter((name) => match.test(name) && css.some((text) => text.includes(name.split('/').pop()!)));
        return fonts.map((name) => ({
          tag: 'link',
          attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: '', href: `/${name}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}
