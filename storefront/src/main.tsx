import '@picocss/pico/css/pico.min.css';
import './styles.css';
import { render } from 'preact';
import { startSession } from './auth';
import { App } from './App';

const root = document.getElementById('app')!;
startSession()
  .catch((failure) => console.error('Signing in is unavailable', failure))
  .finally(() => render(<App />, root));
