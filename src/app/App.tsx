import { AlertBanner } from '../ui/AlertBanner';
import { BackendBadge } from '../ui/BackendBadge';
import { CopyLinkButton } from '../ui/CopyLinkButton';
import { OfflineBadge } from '../ui/OfflineBadge';
import { Gallery } from '../ui/Gallery';
import { ImagePicker } from '../ui/ImagePicker';
import { InputCanvas } from '../ui/InputCanvas';
import { ModelProgress } from '../ui/ModelProgress';
import { ModelSwitcher } from '../ui/ModelSwitcher';
import { ModelUpload } from '../ui/ModelUpload';
import { Predictions } from '../ui/Predictions';
import { FEATURES } from './features';

/** The page shell; each feature's components come from its descriptor (features.ts), in list order. */
export function App() {
  return (
    <div className="app">
      <header className="top">
        <div>
          <h1>Saliency Lab</h1>
          <p className="muted">What does a real ImageNet network see? Everything runs on your own GPU, in this tab.</p>
        </div>
        <div className="top-controls">
          <ModelSwitcher />
          <ModelUpload />
          <BackendBadge />
          {FEATURES.map(({ id, HeaderControl }) => HeaderControl && <HeaderControl key={id} />)}
          <CopyLinkButton />
          <OfflineBadge />
        </div>
      </header>
      <ModelProgress />
      <AlertBanner />
      {FEATURES.map(({ id, Banner }) => Banner && <Banner key={id} />)}
      <main className="layout">
        <section className="pick" aria-label="Choose a photo">
          <h2>Choose a photo</h2>
          <ImagePicker />
          <Gallery />
        </section>
        <div className="work">
          <section className="result" aria-label="Result">
            <div>
              <h2>Model input</h2>
              <InputCanvas />
            </div>
            <Predictions />
          </section>
          {FEATURES.map(({ id, Panel }) => Panel && <Panel key={id} />)}
        </div>
      </main>
    </div>
  );
}
