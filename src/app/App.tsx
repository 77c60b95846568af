import { AlertBanner } from '../ui/AlertBanner';
import { BackendBadge } from '../ui/BackendBadge';
import { CopyLinkButton } from '../ui/CopyLinkButton';
import { LessonPanel, LessonToggle } from '../ui/lessons/LessonPanel';
import { OfflineBadge } from '../ui/OfflineBadge';
import { AttackPanel } from '../ui/AttackPanel';
import { ComparePanel } from '../ui/ComparePanel';
import { CounterfactualPanel } from '../ui/counterfactuals/CounterfactualPanel';
import { DiagnosticsPanel } from '../ui/DiagnosticsPanel';
import { LabPanel } from '../ui/labs/LabPanel';
import { ExplainPanel } from '../ui/ExplainPanel';
import { Gallery } from '../ui/Gallery';
import { ImagePicker } from '../ui/ImagePicker';
import { InputCanvas } from '../ui/InputCanvas';
import { ModelProgress } from '../ui/ModelProgress';
import { ModelSwitcher } from '../ui/ModelSwitcher';
import { Predictions } from '../ui/Predictions';

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
          <BackendBadge />
          <LessonToggle />
          <CopyLinkButton />
          <OfflineBadge />
        </div>
      </header>
      <ModelProgress />
      <AlertBanner />
      <LessonPanel />
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
          <ExplainPanel />
          <ComparePanel />
          <LabPanel />
          <AttackPanel />
          <CounterfactualPanel />
          <DiagnosticsPanel />
        </div>
      </main>
    </div>
  );
}
