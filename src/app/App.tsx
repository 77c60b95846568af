import { AlertBanner } from '../ui/AlertBanner';
import { BackendBadge } from '../ui/BackendBadge';
import { CopyLinkButton } from '../ui/CopyLinkButton';
import { LessonPanel, LessonToggle } from '../features/lessons/ui/LessonPanel';
import { OfflineBadge } from '../ui/OfflineBadge';
import { AttackPanel } from '../features/attacks/ui/AttackPanel';
import { ComparePanel } from '../features/compare/ui/ComparePanel';
import { CounterfactualPanel } from '../features/counterfactuals/ui/CounterfactualPanel';
import { DiagnosticsPanel } from '../features/diagnostics/ui/DiagnosticsPanel';
import { LabPanel } from '../features/labs/ui/LabPanel';
import { ExplainPanel } from '../features/explain/ui/ExplainPanel';
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
