export default defineAppConfig({
  ui: {
    colors: {
      primary: 'violet',
      neutral: 'zinc',
      info: 'blue',
      success: 'green',
      warning: 'amber',
      error: 'red',
    },
  },
})
