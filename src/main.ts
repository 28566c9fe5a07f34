import './components/detector-app';
