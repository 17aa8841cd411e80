import { useEffect, useState } from 'react';
import { OPTIONS_SECTIONS, sectionHash, sectionOf, type OptionsSection } from '@/utils/platform/optionsSections';

/**
 * The options page's navigation: a link per section. The page renders after its data loads, too late for the
 * browser's own jump to a fragment, so the section named by the URL is brought into view and focused here, once it
 * is rendered and whenever the fragment changes.
 */
export function SectionNav() {
  const [current, setCurrent] = useState<OptionsSection | null>(() => sectionOf(window.location.hash));
  useEffect(() => {
    const show = () => {
      const section = sectionOf(window.location.hash);
      setCurrent(section);
      const target = section ? document.getElementById(section) : null;
      target?.scrollIntoView({ block: 'start' });
      target?.focus({ preventScroll: true });
    };
    show();
    window.addEventListener('hashchange', show);
    return () => window.removeEventListener('hashchange', show);
  }, []);
  return (
    <nav aria-label="Sections" className="section-nav">
      <ul>
        {OPTIONS_SECTIONS.map(({ id, label }) => (
          <li key={id}>
            <a href={sectionHash(id)} aria-current={current === id ? 'location' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A section's place on the page: what its fragment brings into view and focuses. */
export function SectionAnchor({ id, children }: { id: OptionsSection; children: React.ReactNode }) {
  return (
    <div id={id} tabIndex={-1} className="section-anchor">
      {children}
    </div>
  );
}
