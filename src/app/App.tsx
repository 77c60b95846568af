import { AlertBanner } from '../ui/AlertBanner';
import { BackendBadge } from '../ui/BackendBadge';
import { CopyLinkButton } from '../ui/CopyLinkButton';
import { OfflineBadge } from '../ui/OfflineBadge';
import { ImagePicker } from '../ui/ImagePicker';
import { InputCanvas } from '../ui/InputCanvas';
import { ModelProgress } from '../ui/ModelProgress';
import { ModelSwitcher } from '../ui/ModelSwitcher';
import { ModelUpload } from '../ui/ModelUpload';
import { PhotoDrawer } from '../ui/PhotoDrawer';
import { Predictions } from '../ui/Predictions';
import { useApp } from '../client/store';
import { FEATURES } from './features';
import { Workspace } from './Workspace';

/**
 * The page shell: a compact header, then the workspace: the photo and its prediction (the stage, kept
 * in view), the features as tabs beside it, and the guided lesson beside both when it is open.
 * Each feature's components come from its descriptor (features.ts).
 */
export function App() {
  const lessonOpen = useApp((s) => s.lesson != null);
  return (
    <div className="app">
      <header className="top">
        <div className="title">
          <h1>Saliency Lab</h1>
          <p className="muted small">What does a real ImageNet network see? Everything runs on your own machine, in this tab.</p>
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
      <main className={`workspace${lessonOpen ? ' with-aside' : ''}`}>
        {FEATURES.map(({ id, Aside }) => Aside && (
          <div className="aside" key={id}>
            <Aside />
          </div>
        ))}
        <section className="stage" aria-label="Photo and prediction">
          <div className="stage-bar">
            <h2>Model input</h2>
            <PhotoDrawer />
          </div>
          <InputCanvas />
          <ImagePicker />
          <Predictions />
        </section>
        <Workspace />
      </main>
    </div>
  );
}
