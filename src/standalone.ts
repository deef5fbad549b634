// The zero-footprint bundle's entry: one <script type="module"> defines every element, dependencies included.
export * from './index.js';
